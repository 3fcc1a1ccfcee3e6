package dev.mcpoauth.web.boundary;

import dev.mcpoauth.web.entity.CrossSiteRule;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Refuses state-changing API requests that a page of another site could have sent (see {@link CrossSiteRule}). */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class CrossSiteFilter implements ContainerRequestFilter {

    @Inject
    @ConfigProperty(name = "mcpoauth.public-base-url", defaultValue = "http://127.0.0.1:8080")
    String publicBaseUrl;

    @Inject
    @ConfigProperty(name = "mcpoauth.web.allowed-origins")
    Optional<String> allowedOrigins;

    CrossSiteRule rule;

    @PostConstruct
    void configure() {
        rule = CrossSiteRule.of(publicBaseUrl, allowedOrigins.orElse(""));
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!CrossSiteRule.appliesTo(request.getMethod(), path)) {
            return;
        }
        rule.refusal(request.getHeaderString("Origin"), request.getHeaderString("Sec-Fetch-Site"),
                        request.getHeaderString(HttpHeaders.CONTENT_TYPE), Requests.path(request.getUriInfo()))
                .ifPresent(problem -> request.abortWith(problem.toResponse()));
    }
}
