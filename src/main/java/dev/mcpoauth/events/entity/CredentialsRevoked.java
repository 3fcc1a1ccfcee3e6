package dev.mcpoauth.events.entity;

/**
 * The connection's tokens were deleted; the details say, token by token, whether the
 * authorization server confirmed RFC 7009 revocation. A refusal or no answer is a FAILURE.
 */
public record CredentialsRevoked(EventSubject subject, boolean revokedAtServer, Outcome outcome, String details)
        implements BrokerEvent {}
