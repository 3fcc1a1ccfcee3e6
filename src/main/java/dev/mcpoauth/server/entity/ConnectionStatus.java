package dev.mcpoauth.server.entity;

/** What a person sees about one connection. */
public enum ConnectionStatus {
    NOT_CONNECTED,
    AUTHORIZING,
    CONNECTED,
    REQUIRES_REAUTHORIZATION,
    FAILED
}
