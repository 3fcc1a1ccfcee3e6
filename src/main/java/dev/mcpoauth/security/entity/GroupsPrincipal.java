package dev.mcpoauth.security.entity;

import jakarta.security.enterprise.CallerPrincipal;
import java.util.Set;

/**
 * A caller with the groups its identity store found. The container answers
 * {@code isCallerInRole} only for roles the application declares, but a server may be shared
 * with any group (a team), so the broker keeps the groups themselves. The principal's name is the
 * stable {@link CallerKey}; the display name is only for people to read.
 */
public class GroupsPrincipal extends CallerPrincipal {

    private static final long serialVersionUID = 1L;

    private final Set<String> groups;
    private final String displayName;

    public GroupsPrincipal(String key, Set<String> groups) {
        this(key, CallerKey.displayNameOf(key), groups);
    }

    public GroupsPrincipal(String key, String displayName, Set<String> groups) {
        super(key);
        this.groups = Set.copyOf(groups);
        this.displayName = displayName;
    }

    public Set<String> groups() {
        return groups;
    }

    public String displayName() {
        return displayName;
    }
}
