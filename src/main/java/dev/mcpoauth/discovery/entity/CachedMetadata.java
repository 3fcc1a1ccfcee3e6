package dev.mcpoauth.discovery.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A discovery document as fetched (raw JSON), shared by every node through the database.
 * {@code location} is what it describes: the MCP server URL (protected-resource metadata,
 * RFC 9728) or the issuer (authorization-server metadata, RFC 8414).
 */
@Entity
@Table(name = "discovery_document")
@NamedQuery(name = CachedMetadata.BY_LOCATION,
        query = "SELECT d FROM CachedMetadata d WHERE d.kind = :kind AND d.location = :location")
public class CachedMetadata {

    public static final String BY_LOCATION = "CachedMetadata.byLocation";

    public enum Kind {
        PROTECTED_RESOURCE,
        AUTHORIZATION_SERVER
    }

    @Id
    String id;

    @Enumerated(EnumType.STRING)
    Kind kind;

    String location;

    @Column(name = "source_url")
    String sourceUrl;

    @Lob
    String document;

    @Column(name = "fetched_at")
    Instant fetchedAt;

    @Column(name = "expires_at")
    Instant expiresAt;

    @Version
    long version;

    protected CachedMetadata() {}

    public CachedMetadata(Kind kind, String location, String sourceUrl, String document, Instant now, Duration ttl) {
        this.id = UUID.randomUUID().toString();
        this.kind = kind;
        this.location = location;
        refresh(sourceUrl, document, now, ttl);
    }

    public void refresh(String sourceUrl, String document, Instant now, Duration ttl) {
        this.sourceUrl = sourceUrl;
        this.document = document;
        this.fetchedAt = now;
        this.expiresAt = now.plus(ttl);
    }

    public boolean isFresh(Instant now) {
        return now.isBefore(expiresAt);
    }

    public String id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    public String location() {
        return location;
    }

    public String sourceUrl() {
        return sourceUrl;
    }

    public String document() {
        return document;
    }

    public Instant fetchedAt() {
        return fetchedAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }
}
