package dev.mcpoauth.server.entity;

import java.util.Optional;

/**
 * A server definition about to be saved, fired synchronously when the admin asks for validation.
 * An observer refuses the definition by throwing a {@code ProblemException}, or lets it pass with
 * a warning (what could not be checked now), which the answer carries as {@code validationWarning}.
 */
public class ServerValidation {

    final McpServer candidate;
    final String serverId;
    String warning;

    /** @param serverIdOrNull the saved server's id, null for a server not created yet */
    public ServerValidation(McpServer candidate, String serverIdOrNull) {
        this.candidate = candidate;
        this.serverId = serverIdOrNull;
    }

    public McpServer candidate() {
        return candidate;
    }

    public Optional<String> serverId() {
        return Optional.ofNullable(serverId);
    }

    public void warn(String warning) {
        this.warning = warning;
    }

    public Optional<String> warning() {
        return Optional.ofNullable(warning);
    }
}
