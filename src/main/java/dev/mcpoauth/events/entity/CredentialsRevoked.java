package dev.mcpoauth.events.entity;

import dev.mcpoauth.audit.entity.AuditOutcome;

/** Tokens were deleted; {@code revokedAtServer} tells whether the authorization server confirmed RFC 7009 revocation. */
public record CredentialsRevoked(EventSubject subject, boolean revokedAtServer) implements BrokerEvent {

    @Override
    public AuditOutcome outcome() {
        return AuditOutcome.SUCCESS;
    }

    @Override
    public String details() {
        return revokedAtServer ? "Tokens revoked at the authorization server and deleted" : "Tokens deleted";
    }
}
