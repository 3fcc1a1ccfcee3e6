package dev.mcpoauth.token.boundary;

import dev.mcpoauth.server.control.WorkloadTokenFiles;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What connecting without a browser may need: the person's identity assertion (enterprise-managed servers). */
@Schema(name = "GrantInput")
public class GrantInput {

    @Size(max = 16_384)
    @Pattern(regexp = WorkloadTokenFiles.JWT_SHAPE, message = "must be a JWT")
    @Schema(writeOnly = true, description = "ENTERPRISE_MANAGED servers: the caller's ID token from the"
            + " organisation's identity provider; exchanged there for the server's grant, never stored")
    public String identityAssertion;

    @Override
    public String toString() {
        return "GrantInput[identityAssertion=" + (identityAssertion == null ? "none" : "(hidden)") + "]";
    }
}
