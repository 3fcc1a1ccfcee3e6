package dev.mcpoauth.audit.entity;

import dev.mcpoauth.events.entity.Outcome;
import dev.mcpoauth.json.JsonBuilders;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/**
 * One audited OAuth step. Details are plain-language facts, never a token, secret, code or
 * verifier; the generated id orders the trail (and resumes event streams).
 */
@Entity
@Table(name = "audit_event")
@NamedQuery(name = AuditEntry.AFTER,
        query = "SELECT a FROM AuditEntry a WHERE a.id > :after ORDER BY a.id DESC")
@NamedQuery(name = AuditEntry.AFTER_FOR_USER,
        query = "SELECT a FROM AuditEntry a WHERE a.id > :after AND a.subjectUser = :user ORDER BY a.id DESC")
@NamedQuery(name = AuditEntry.AFTER_FOR_USER_OR_CONNECTIONS,
        query = "SELECT a FROM AuditEntry a WHERE a.id > :after"
                + " AND (a.subjectUser = :user OR a.connectionId IN :connectionIds) ORDER BY a.id DESC")
@NamedQuery(name = AuditEntry.OLDEST_BEFORE,
        query = "SELECT a.id FROM AuditEntry a WHERE a.occurredAt < :before ORDER BY a.occurredAt, a.id")
@NamedQuery(name = AuditEntry.DELETE_IDS, query = "DELETE FROM AuditEntry a WHERE a.id IN :ids")
@NamedQuery(name = AuditEntry.FEED, query = "SELECT a FROM AuditEntry a WHERE a.id > :after ORDER BY a.id")
@NamedQuery(name = AuditEntry.BY_IDS, query = "SELECT a FROM AuditEntry a WHERE a.id IN :ids ORDER BY a.id")
@NamedQuery(name = AuditEntry.NEWEST_ID, query = "SELECT MAX(a.id) FROM AuditEntry a")
public class AuditEntry {

    public static final String AFTER = "AuditEntry.after";
    public static final String AFTER_FOR_USER = "AuditEntry.afterForUser";
    public static final String AFTER_FOR_USER_OR_CONNECTIONS = "AuditEntry.afterForUserOrConnections";
    public static final String OLDEST_BEFORE = "AuditEntry.oldestBefore";
    public static final String DELETE_IDS = "AuditEntry.deleteIds";
    public static final String FEED = "AuditEntry.feed";
    public static final String BY_IDS = "AuditEntry.byIds";
    public static final String NEWEST_ID = "AuditEntry.newestId";

    /** From a sequence, not the identity column: see changeset 017-audit-event-sequence. */
    @Id
    @SequenceGenerator(name = "audit_event_id", sequenceName = "audit_event_id_seq", allocationSize = 1)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "audit_event_id")
    Long id;

    @Column(name = "occurred_at")
    Instant occurredAt;

    String type;

    @Enumerated(EnumType.STRING)
    Outcome outcome;

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

    public AuditEntry(Instant occurredAt, String type, Outcome outcome, String actor, String subjectUser,
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

    public Outcome outcome() {
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

    /** The whole row, for admins' audit queries. */
    public JsonObject toJSON() {
        JsonObjectBuilder json = eventJSON();
        actor().ifPresent(value -> json.add("actor", value));
        correlationId().ifPresent(value -> json.add("correlationId", value));
        return json.build();
    }

    /** What a live event carries: what happened to whose connection, not who else acted or why internally. */
    public JsonObjectBuilder eventJSON() {
        JsonObjectBuilder json = JsonBuilders.object()
                .add("id", id)
                .add("type", type)
                .add("occurredAt", occurredAt.toString())
                .add("outcome", outcome.name());
        subjectUser().ifPresent(value -> json.add("user", value));
        serverId().ifPresent(value -> json.add("serverId", value));
        connectionId().ifPresent(value -> json.add("connectionId", value));
        details().ifPresent(value -> json.add("details", value));
        return json;
    }
}
