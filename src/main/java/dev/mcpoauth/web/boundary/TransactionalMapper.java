package dev.mcpoauth.web.boundary;

import dev.mcpoauth.web.entity.ProblemDetail;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.transaction.TransactionalException;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A failure inside a {@code @Transactional} bean arrives wrapped. Jersey's own mapper for the
 * wrapper would answer with the server's HTML error page; this one answers with the problem the
 * cause carries, or the same bare 500 as {@link FallbackMapper}.
 */
@Provider
public class TransactionalMapper implements ExceptionMapper<TransactionalException> {

    @Context
    UriInfo uriInfo;

    @Inject
    Correlation correlation;

    @Override
    public Response toResponse(TransactionalException exception) {
        for (Throwable cause = exception.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ProblemException problem) {
                return new ProblemDetail(problem.problem(), problem.getMessage(), Requests.path(uriInfo),
                        problem.extensions()).toResponse();
            }
        }
        return FallbackMapper.internalError(exception, Requests.path(uriInfo), correlation.id());
    }
}
