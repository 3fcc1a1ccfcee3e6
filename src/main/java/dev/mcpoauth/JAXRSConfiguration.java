package dev.mcpoauth;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.security.SecuritySchemes;

/**
 * JAX-RS at the context root: the API lives under {@code /api/v1}, the browser endpoints under
 * {@code /oauth}, because the OAuth callback and the client metadata document must sit at
 * stable, unauthenticated URLs outside the API. Roles are enforced by
 * {@link dev.mcpoauth.security.boundary.RoleChecks}, whatever the JAX-RS runtime.
 */
@ApplicationPath("")
@OpenAPIDefinition(
        info = @Info(
                title = "MCP OAuth Broker",
                version = "1",
                description = "Connects the people of an organisation to OAuth-protected MCP servers and keeps"
                        + " the connections working. Errors are RFC 9457 problem details."),
        security = {@SecurityRequirement(name = "basic"), @SecurityRequirement(name = "jwt")})
@SecuritySchemes({
    @SecurityScheme(securitySchemeName = "basic", type = SecuritySchemeType.HTTP, scheme = "basic"),
    @SecurityScheme(securitySchemeName = "jwt", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
})
public class JAXRSConfiguration extends Application {
}
