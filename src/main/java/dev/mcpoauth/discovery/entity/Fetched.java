package dev.mcpoauth.discovery.entity;

import java.net.URI;

/** A metadata document and the location it was fetched from (for the cache and the audit trail). */
public record Fetched<T>(T metadata, URI source) {}
