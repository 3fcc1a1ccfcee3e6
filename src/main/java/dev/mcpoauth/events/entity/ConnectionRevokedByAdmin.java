package dev.mcpoauth.events.entity;

/**
 * An admin disconnected a connection that is not theirs to use (the subject's {@code user} is
 * its owner, empty for a role's shared one). How the tokens fared is the {@link CredentialsRevoked} before it.
 */
public record ConnectionRevokedByAdmin(EventSubject subject, boolean revokedAtServer) implements BrokerEvent {

    @Override
    public Outcome outcome() {
        return Outcome.INFO;
    }

    @Override
    public String details() {
        return "An admin disconnected this connection" + (revokedAtServer
                ? "; the authorization server confirmed the revocation"
                : "; the authorization server did not confirm a revocation");
    }
}
