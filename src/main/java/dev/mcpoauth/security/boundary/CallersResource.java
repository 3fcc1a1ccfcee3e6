package dev.mcpoauth.security.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@RequestScoped
@Path("api/v1/me")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Caller.USER, Caller.ADMIN})
@Tag(name = "me", description = "Who the caller is")
public class CallersResource {

    @Inject
    Caller caller;

    @GET
    @Operation(operationId = "getMe", summary = "The caller's name, key and roles",
            description = "name is for people to read; id is the stable key the broker stores the caller's"
                    + " connections and audit rows under (basic:<user> or jwt:<hash>), the value of ?user= filters.")
    public JsonObject me() {
        return Json.createObjectBuilder()
                .add("name", caller.displayName())
                .add("id", caller.name())
                .add("roles", Json.createArrayBuilder(caller.roles()))
                .build();
    }
}
