package dev.mcpoauth.events.entity;

import dev.mcpoauth.audit.entity.AuditOutcome;
import dev.mcpoauth.token.entity.RevocationReport;

/**
 * The connection's tokens were deleted; the report says, token by token, whether the
 * authorization server confirmed RFC 7009 revocation. A refusal or no answer is a FAILURE.
 */
public record CredentialsRevoked(EventSubject subject, RevocationReport report) implements BrokerEvent {

    public boolean revokedAtServer() {
        return report.revokedAtServer();
    }

    @Override
    public AuditOutcome outcome() {
        return report.outcome();
    }

    @Override
    public String details() {
        return report.details();
    }
}
