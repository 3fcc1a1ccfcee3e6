package dev.mcpoauth.events.entity;

/**
 * An admin deleted an MCP server with its connections; each connection's revocation is a
 * {@link CredentialsRevoked} of its own, before this.
 */
public record ServerDeleted(EventSubject subject, String name, String url) implements BrokerEvent {

    @Override
    public Outcome outcome() {
        return Outcome.SUCCESS;
    }

    @Override
    public String details() {
        return "Server '" + name + "' at " + AuditedUrl.of(url) + " deleted with its connections";
    }
}
