package dev.mcpoauth.events.entity;


/**
 * Every event of the OAuth lifecycle, fired as a CDI event (observe the record type you care
 * about, or this interface for all), written to the audit trail and streamed to front ends.
 * {@link #details()} is plain language for people and never carries a secret.
 */
public sealed interface BrokerEvent
        permits AuthorizationRequired, AuthorizationCompleted, AuthorizationFailed, TokenRefreshed,
                TokenRefreshFailed, TokenExpiringSoon, ReauthorizationRequired, CredentialsRevoked,
                ClientRegistered, ClientRegistrationFailed, McpRequestCompleted, ServerCreated, ServerChanged,
                ServerDeleted, ServerValidated, ConnectionRevokedByAdmin {

    EventSubject subject();

    Outcome outcome();

    String details();

    default String type() {
        return getClass().getSimpleName();
    }
}
