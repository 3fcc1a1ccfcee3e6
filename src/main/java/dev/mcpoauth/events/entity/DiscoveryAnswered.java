package dev.mcpoauth.events.entity;

/**
 * A discovery was answered from the cache or from the network (nothing fresh cached, or a
 * refresh was asked for). Counted as a metric only: it is no lifecycle step, so no audit row.
 */
public record DiscoveryAnswered(boolean fromCache) {}
