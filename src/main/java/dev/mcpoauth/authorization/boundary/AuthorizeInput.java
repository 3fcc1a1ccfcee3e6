package dev.mcpoauth.authorization.boundary;

import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Optional details of a request to connect: where the browser goes afterwards, and a step-up scope. */
@Schema(name = "AuthorizeInput")
public class AuthorizeInput {

    @Size(max = 2048)
    @Schema(description = "Where the browser is sent after the sign-in; its origin must be allowed")
    public String returnUrl;

    @Size(max = 2000)
    @Schema(description = "Scopes an MCP server challenged with (403 insufficient_scope): added to those granted")
    public String scope;
}
