package dev.mcpoauth.events.entity;

/** An admin replaced an MCP server's definition. Only its name and address travel here, never its client secret. */
public record ServerChanged(EventSubject subject, String name, String url) implements BrokerEvent {

    @Override
    public Outcome outcome() {
        return Outcome.SUCCESS;
    }

    @Override
    public String details() {
        return "Server '" + name + "' changed; it is at " + AuditedUrl.of(url);
    }
}
