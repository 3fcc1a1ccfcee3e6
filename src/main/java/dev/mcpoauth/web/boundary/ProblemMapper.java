package dev.mcpoauth.web.boundary;

import dev.mcpoauth.web.entity.ProblemDetail;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Domain and flow errors thrown by the boundaries. */
@Provider
public class ProblemMapper implements ExceptionMapper<ProblemException> {

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(ProblemException exception) {
        return new ProblemDetail(exception.problem(), exception.getMessage(), Requests.path(uriInfo),
                exception.extensions()).toResponse();
    }
}
