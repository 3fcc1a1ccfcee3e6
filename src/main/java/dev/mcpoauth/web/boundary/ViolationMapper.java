package dev.mcpoauth.web.boundary;

import dev.mcpoauth.json.JsonBuilders;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemDetail;
import jakarta.json.JsonArrayBuilder;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Comparator;
import java.util.Map;

/** Bean Validation failures on resource parameters: 400 with one entry per field. */
@Provider
public class ViolationMapper implements ExceptionMapper<ConstraintViolationException> {

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(ConstraintViolationException exception) {
        JsonArrayBuilder errors = JsonBuilders.array();
        exception.getConstraintViolations().stream()
                .sorted(Comparator.comparing(violation -> violation.getPropertyPath().toString()))
                .forEach(violation -> errors.add(JsonBuilders.object()
                        .add("field", field(violation))
                        .add("message", violation.getMessage())));
        return new ProblemDetail(Problem.INVALID_INPUT, "Correct the listed fields and try again.",
                Requests.path(uriInfo), Map.of("errors", errors.build())).toResponse();
    }

    /** The last node of the path: the parameter or field name a person knows, not the Java method. */
    static String field(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        return path.substring(path.lastIndexOf('.') + 1);
    }
}
