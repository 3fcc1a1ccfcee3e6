package dev.mcpoauth.web.boundary;

import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemDetail;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/**
 * Anything unexpected: logged with a correlation id, answered with a bare 500 that shows no
 * internals (no message, no class names, no stack).
 */
@Provider
public class FallbackMapper implements ExceptionMapper<Throwable> {

    static final System.Logger LOGGER = System.getLogger(FallbackMapper.class.getName());

    @Context
    UriInfo uriInfo;

    @Inject
    Correlation correlation;

    @Override
    public Response toResponse(Throwable exception) {
        return internalError(exception, Requests.path(uriInfo), correlation.id());
    }

    static Response internalError(Throwable exception, String path, String correlationId) {
        LOGGER.log(System.Logger.Level.ERROR, "Unexpected error, correlation id " + correlationId, exception);
        return new ProblemDetail(Problem.INTERNAL_ERROR,
                "The request failed unexpectedly. Quote the correlation id when you report it.",
                path, Map.of("correlationId", correlationId)).toResponse();
    }
}
