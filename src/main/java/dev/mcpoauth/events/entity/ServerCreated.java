package dev.mcpoauth.events.entity;

/** An admin defined an MCP server. Only its name and address travel here, never its client secret. */
public record ServerCreated(EventSubject subject, String name, String url) implements BrokerEvent {

    @Override
    public Outcome outcome() {
        return Outcome.SUCCESS;
    }

    @Override
    public String details() {
        return "Server '" + name + "' created for " + AuditedUrl.of(url);
    }
}
