package dev.mcpoauth.security.boundary;

import jakarta.annotation.Priority;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Enforces {@code @RolesAllowed}, {@code @PermitAll} and {@code @DenyAll} on every resource method
 * itself, asking {@link Caller}, instead of trusting the JAX-RS runtime to: Jersey does it only
 * with a feature registered by name, RESTEasy only with {@code resteasy.role.based.security} set
 * (a plain user got 200 from every admin endpoint on WildFly without it), and both ask the
 * container's role mapping, which is empty on JDK 24+ under Soteria.
 */
@Provider
public class RoleChecks implements DynamicFeature {

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        allowedRoles(resource.getResourceMethod(), resource.getResourceClass())
                .ifPresent(roles -> context.register(new RoleCheck(roles)));
    }

    /** The roles of the method's annotation, else of its class'; empty when anyone may call it. */
    static Optional<Set<String>> allowedRoles(Method method, Class<?> resourceClass) {
        for (AnnotatedElement element : List.of(method, resourceClass)) {
            if (element.isAnnotationPresent(DenyAll.class)) {
                return Optional.of(Set.of());
            }
            if (element.isAnnotationPresent(PermitAll.class)) {
                return Optional.empty();
            }
            RolesAllowed allowed = element.getAnnotation(RolesAllowed.class);
            if (allowed != null) {
                return Optional.of(Set.of(allowed.value()));
            }
        }
        return Optional.empty();
    }

    @Priority(Priorities.AUTHORIZATION)
    static final class RoleCheck implements ContainerRequestFilter {

        final Set<String> roles;

        RoleCheck(Set<String> roles) {
            this.roles = roles;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            Caller caller = CDI.current().select(Caller.class).get();
            if (!caller.isAuthenticated() || roles.stream().noneMatch(caller::isInRole)) {
                throw new ForbiddenException();
            }
        }
    }
}
