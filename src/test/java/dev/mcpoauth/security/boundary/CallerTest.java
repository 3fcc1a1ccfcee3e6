package dev.mcpoauth.security.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonObject;
import jakarta.security.enterprise.SecurityContext;
import java.security.Principal;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {


    static Caller caller(String name, Set<String> roles) {
        Principal principal = name == null ? null : () -> name;
        return new Caller(Fakes.of(SecurityContext.class, Map.of(
                "getCallerPrincipal", args -> principal,
                "isCallerInRole", args -> roles.contains((String) args[0]))));
    }

    @Test
    void namesTheAuthenticatedCaller() {
        Caller caller = caller("alice", Set.of("mcp-user"));

        assertThat(caller.isAuthenticated()).isTrue();
        assertThat(caller.name()).isEqualTo("alice");
    }

    @Test
    void reportsOnlyTheBrokerRolesInAStableOrder() {
        Caller caller = caller("alice", Set.of("mcp-admin", "unrelated", "mcp-user"));

        assertThat(caller.roles()).containsExactly("mcp-user", "mcp-admin");
        assertThat(caller.isAdmin()).isTrue();
    }

    @Test
    void readsTheRolesFromTheBrokersOwnPrincipalWhereTheContainerAnswersNone() {
        var principal = new dev.mcpoauth.security.entity.GroupsPrincipal("basic:root", Set.of("mcp-admin", "team-a"));
        Caller caller = new Caller(Fakes.of(SecurityContext.class, Map.of(
                "getCallerPrincipal", args -> principal,
                "isCallerInRole", args -> false)));

        assertThat(caller.roles()).containsExactly("mcp-admin");
        assertThat(caller.isAdmin()).isTrue();
        assertThat(caller.identity().hasRole("team-a")).isTrue();
    }

    @Test
    void isNoAdminWithoutTheAdminRole() {
        assertThat(caller("bob", Set.of("mcp-user")).isAdmin()).isFalse();
    }

    @Test
    void refusesToNameAnAnonymousCaller() {
        Caller anonymous = caller(null, Set.of());

        assertThat(anonymous.isAuthenticated()).isFalse();
        assertThatThrownBy(anonymous::name).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void meReturnsNameAndRoles() {
        var resource = new CallersResource();
        resource.caller = caller("basic:alice", Set.of("mcp-user"));
        resource.sessions = new dev.mcpoauth.security.control.BrowserSessions();
        resource.request = Fakes.of(jakarta.servlet.http.HttpServletRequest.class, java.util.Map.of(
                "getSession", args -> null));

        JsonObject me = resource.me();

        assertThat(me.getString("name")).isEqualTo("alice");
        assertThat(me.getString("id")).isEqualTo("basic:alice");
        assertThat(me.getJsonArray("roles").getValuesAs(jakarta.json.JsonString::getString)).containsExactly("mcp-user");
        assertThat(me).as("no session for a caller with credentials").doesNotContainKey("session");
    }
}
