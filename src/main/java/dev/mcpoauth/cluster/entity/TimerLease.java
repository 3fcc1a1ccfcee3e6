package dev.mcpoauth.cluster.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/** Which node does a timer's work until when; one row per timer, created by the schema. */
@Entity
@Table(name = "timer_lease")
@NamedQuery(name = TimerLease.TAKE, query = "UPDATE TimerLease l SET l.holder = :holder, l.leasedUntil = :until"
        + " WHERE l.name = :name AND l.leasedUntil <= :now")
@NamedQuery(name = TimerLease.KEEP, query = "UPDATE TimerLease l SET l.leasedUntil = :until"
        + " WHERE l.name = :name AND l.holder = :holder AND l.leasedUntil > :now")
public class TimerLease {

    public static final String TAKE = "TimerLease.take";
    public static final String KEEP = "TimerLease.keep";

    @Id
    String name;

    String holder;

    @Column(name = "leased_until")
    Instant leasedUntil;

    protected TimerLease() {}
}
