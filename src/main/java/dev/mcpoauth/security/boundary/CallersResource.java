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

@RequestScoped
@Path("api/v1/me")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Caller.USER, Caller.ADMIN})
public class CallersResource {

    @Inject
    Caller caller;

    @GET
    public JsonObject me() {
        return Json.createObjectBuilder()
                .add("name", caller.name())
                .add("roles", Json.createArrayBuilder(caller.roles()))
                .build();
    }
}
