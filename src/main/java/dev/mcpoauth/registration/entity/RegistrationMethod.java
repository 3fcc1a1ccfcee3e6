package dev.mcpoauth.registration.entity;

/** How the broker obtained its client at an authorization server, in the MCP spec's order of preference. */
public enum RegistrationMethod {
    PRE_REGISTERED,
    CLIENT_ID_METADATA_DOCUMENT,
    DYNAMIC
}
