package dev.mcpoauth.security.boundary;

import dev.mcpoauth.security.entity.CallerKey;
import dev.mcpoauth.security.entity.GroupsPrincipal;
import dev.mcpoauth.security.entity.Identity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import java.security.Principal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The authenticated caller of this request: the tenant every operation runs for. */
@RequestScoped
public class Caller {

    public static final String USER = "mcp-user";
    public static final String ADMIN = "mcp-admin";
    static final List<String> ROLES = List.of(USER, ADMIN);

    @Inject
    SecurityContext securityContext;

    public Caller() {
    }

    Caller(SecurityContext securityContext) {
        this.securityContext = securityContext;
    }

    public boolean isAuthenticated() {
        return securityContext.getCallerPrincipal() != null;
    }

    /**
     * The caller's stable key ({@code basic:<user>} or {@code jwt:<hash of issuer and sub>}, see
     * {@link dev.mcpoauth.security.entity.CallerKey}); fails when nobody is authenticated, so no operation runs
     * without a tenant.
     */
    public String name() {
        Principal principal = securityContext.getCallerPrincipal();
        if (principal == null) {
            throw new IllegalStateException("no authenticated caller");
        }
        return principal.getName();
    }

    /** The name people read; never a key to store or compare. */
    public String displayName() {
        return securityContext.getCallerPrincipal() instanceof GroupsPrincipal principal
                ? principal.displayName()
                : CallerKey.displayNameOf(name());
    }

    public Set<String> roles() {
        var roles = new LinkedHashSet<String>();
        ROLES.stream().filter(this::isInRole).forEach(roles::add);
        return roles;
    }

    /** This caller, usable after the request (e.g. by a use case that outlives it). */
    public Identity identity() {
        return new Identity(name(), displayName(), isAdmin(), this::isInRole);
    }

    public boolean isAdmin() {
        return isInRole(ADMIN);
    }

    /**
     * From the groups the broker's own identity stores found (roles are its groups, mapped one to
     * one), not from the container: Soteria's {@code isCallerInRole} answers false for every role
     * on JDK 24 and later, where {@code java.security.Policy} cannot be installed, and other
     * runtimes map roles their own way. The container is asked only about a principal the broker
     * did not make.
     */
    boolean isInRole(String role) {
        return securityContext.getCallerPrincipal() instanceof GroupsPrincipal principal
                ? principal.groups().contains(role)
                : securityContext.isCallerInRole(role);
    }
}
