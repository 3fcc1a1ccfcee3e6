package dev.mcpoauth.security.entity;

import java.util.Set;

/** A user from configuration: name, PBKDF2 password hash and roles. */
public record ConfiguredUser(String name, String passwordHash, Set<String> roles) {

    public ConfiguredUser {
        roles = Set.copyOf(roles);
    }

    @Override
    public String toString() {
        return "ConfiguredUser[name=" + name + ", roles=" + roles + "]";
    }
}
