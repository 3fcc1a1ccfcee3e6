package dev.mcpoauth.web.boundary;

import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemDetail;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * The JAX-RS runtime's own errors (404, 405, 406, 415, 403 from {@code @RolesAllowed}, 400 for
 * unreadable bodies) in the same problem shape. The runtime's message is not echoed: it can
 * name internal classes.
 */
@Provider
public class WebApplicationMapper implements ExceptionMapper<WebApplicationException> {

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(WebApplicationException exception) {
        int status = exception.getResponse().getStatus();
        Problem problem = Problem.forStatus(status);
        Response response = ProblemDetail.of(problem, detail(status), Requests.path(uriInfo)).toResponse();
        if (status == 405) {
            return Response.fromResponse(response).allow(exception.getResponse().getAllowedMethods()).build();
        }
        return response;
    }

    /** What to change, where the status alone does not say it; every body the API reads is JSON. */
    static String detail(int status) {
        return switch (status) {
            case 415 -> "Send the body as JSON, with the header Content-Type: application/json.";
            case 406 -> "This endpoint cannot answer in a media type the Accept header allows.";
            case 405 -> "The Allow header lists the methods this path accepts.";
            default -> null;
        };
    }
}
