package dev.mcpoauth.audit.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/**
 * One audited OAuth step. Details are plain-language facts, never a token, secret, code or
 * verifier; the generated id orders the trail (and resumes event streams).
 */
@Entity
@Table(name = "audit_event")
public class AuditEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(name = "occurred_at")
    Instant occurredAt;

    String type;

    @Enumerated(EnumType.STRING)
    AuditOutcome outcome;

    String actor;

    @Column(name = "subject_user")
    String subjectUser;

    @Column(name = "server_id")
    String serverId;

    @Column(name = "connection_id")
    String connectionId;

    @Column(name = "correlation_id")
    String correlationId;

    String details;

    protected AuditEntry() {}

    public AuditEntry(Instant occurredAt, String type, AuditOutcome outcome, String actor, String subjectUser,
            String serverId, String connectionId, String correlationId, String details) {
        this.occurredAt = occurredAt;
        this.type = type;
        this.outcome = outcome;
        this.actor = actor;
        this.subjectUser = subjectUser;
        this.serverId = serverId;
        this.connectionId = connectionId;
        this.correlationId = correlationId;
        this.details = details;
    }

    public Long id() {
        return id;
    }

    public Instant occurredAt() {
        return occurredAt;
    }

    public String type() {
        return type;
    }

    public AuditOutcome outcome() {
        return outcome;
    }

    public Optional<String> actor() {
        return Optional.ofNullable(actor);
    }

    public Optional<String> subjectUser() {
        return Optional.ofNullable(subjectUser);
    }

    public Optional<String> serverId() {
        return Optional.ofNullable(serverId);
    }

    public Optional<String> connectionId() {
        return Optional.ofNullable(connectionId);
    }

    public Optional<String> correlationId() {
        return Optional.ofNullable(correlationId);
    }

    public Optional<String> details() {
        return Optional.ofNullable(details);
    }
}
