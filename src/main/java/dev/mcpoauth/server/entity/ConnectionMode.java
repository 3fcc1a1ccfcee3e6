package dev.mcpoauth.server.entity;

/** Whether each user connects on their own or one admin-authorized connection serves a role. */
public enum ConnectionMode {
    PER_USER,
    SHARED
}
