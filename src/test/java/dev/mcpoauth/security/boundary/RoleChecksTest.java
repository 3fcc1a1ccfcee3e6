package dev.mcpoauth.security.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoleChecksTest {

    @RolesAllowed(Caller.ADMIN)
    static class AdminResource {
        public void list() {}

        @RolesAllowed({Caller.USER, Caller.ADMIN})
        public void own() {}

        @PermitAll
        public void open() {}

        @DenyAll
        public void closed() {}
    }

    static class PlainResource {
        public void anything() {}
    }

    static Optional<Set<String>> rolesOf(Class<?> type, String method) throws NoSuchMethodException {
        return RoleChecks.allowedRoles(type.getMethod(method), type);
    }

    @Test
    void aMethodTakesItsClassRolesUnlessItSaysOtherwise() throws NoSuchMethodException {
        assertThat(rolesOf(AdminResource.class, "list")).contains(Set.of(Caller.ADMIN));
        assertThat(rolesOf(AdminResource.class, "own")).contains(Set.of(Caller.USER, Caller.ADMIN));
        assertThat(rolesOf(AdminResource.class, "open")).isEmpty();
        assertThat(rolesOf(AdminResource.class, "closed")).as("nobody").contains(Set.of());
        assertThat(rolesOf(PlainResource.class, "anything")).isEmpty();
    }
}
