package dev.mcpoauth.web.boundary;

import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemDetail;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A request body that cannot be read as the endpoint's JSON (JSON-B fails with a processing
 * exception, not a 400): the caller's mistake, answered without echoing the parser's message.
 */
@Provider
public class UnreadableBodyMapper implements ExceptionMapper<ProcessingException> {

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(ProcessingException exception) {
        return ProblemDetail.of(Problem.BAD_REQUEST, "The request body is not valid JSON for this endpoint.",
                Requests.path(uriInfo)).toResponse();
    }
}
