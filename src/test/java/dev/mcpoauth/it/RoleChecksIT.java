package dev.mcpoauth.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.Deployments;
import dev.mcpoauth.security.boundary.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.container.annotation.ArquillianTest;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Every resource method of the WAR, found by reflection (so a new endpoint is covered without a
 * change here), called by someone without the role it demands: 403 each time, before it does
 * anything. A runtime that enforces no role annotation by default would fail this.
 */
@ArquillianTest
class RoleChecksIT {

    static final Map<Class<? extends Annotation>, String> VERBS = Map.of(GET.class, "GET", POST.class, "POST",
            PUT.class, "PUT", DELETE.class, "DELETE", PATCH.class, "PATCH");
    static final String GUEST = BrokerClient.basic("guest", "guest-password");

    final BrokerClient broker = BrokerClient.local();

    record Endpoint(String verb, String path, Set<String> roles) {}

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.broker();
    }

    @Test
    void refusesEveryAdminEndpointToAPlainUser() throws IOException {
        List<Endpoint> adminOnly = endpoints().stream().filter(endpoint -> !endpoint.roles().contains(Caller.USER))
                .toList();
        assertThat(adminOnly).as("the admin API is found").extracting(Endpoint::path)
                .contains("api/v1/servers", "api/v1/audit", "api/v1/admin/connections");

        adminOnly.forEach(endpoint -> assertRefused(endpoint, BrokerClient.ALICE));
    }

    @Test
    void refusesEveryEndpointToACallerWithoutABrokerRole() throws IOException {
        List<Endpoint> all = endpoints();
        assertThat(all).as("the whole API is found").extracting(Endpoint::path)
                .contains("api/v1/servers", "api/v1/connections", "api/v1/me", "api/v1/events");

        all.forEach(endpoint -> assertRefused(endpoint, GUEST));
    }

    void assertRefused(Endpoint endpoint, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(broker.uri(endpoint.path()))
                .method(endpoint.verb(), endpoint.verb().equals("GET") || endpoint.verb().equals("DELETE")
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"));
        HttpResponse<String> response = broker.send(request, "Authorization", authorization,
                "Content-Type", "application/json", "Accept", "*/*");
        assertThat(response.statusCode()).as(endpoint.verb() + " " + endpoint.path() + ": " + response.body())
                .isEqualTo(403);
    }

    /** Every method with a role annotation on a resource class under target/classes, path parameters filled in. */
    static List<Endpoint> endpoints() throws IOException {
        java.nio.file.Path classes = Paths.get("target", "classes");
        List<Endpoint> found = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.walk(classes)) {
            for (java.nio.file.Path file : files.filter(path -> path.toString().endsWith("Resource.class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = load(name);
                Path classPath = type.getAnnotation(Path.class);
                RolesAllowed classRoles = type.getAnnotation(RolesAllowed.class);
                if (classPath == null) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    RolesAllowed roles = method.isAnnotationPresent(RolesAllowed.class)
                            ? method.getAnnotation(RolesAllowed.class) : classRoles;
                    VERBS.forEach((annotation, verb) -> {
                        if (method.isAnnotationPresent(annotation) && roles != null) {
                            Path methodPath = method.getAnnotation(Path.class);
                            String path = classPath.value() + (methodPath == null ? "" : "/" + methodPath.value());
                            found.add(new Endpoint(verb, filled(path), Set.of(roles.value())));
                        }
                    });
                }
            }
        }
        return found;
    }

    static String filled(String template) {
        return template.replaceAll("\\{[^}]*}", UUID.randomUUID().toString()).replaceAll("/+", "/")
                .replaceAll("^/", "");
    }

    static Class<?> load(String name) {
        try {
            return Class.forName(name, false, RoleChecksIT.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
