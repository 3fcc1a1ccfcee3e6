package dev.mcpoauth.web.boundary;

import dev.mcpoauth.web.entity.CrossSiteRule;
import dev.mcpoauth.web.entity.JsonDepth;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemDetail;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bounds every request body before anything parses it: larger than {@code mcpoauth.web.max-body-bytes} answers
 * 413, JSON nested deeper than {@code mcpoauth.web.max-json-depth} answers 400. The body is read once into
 * memory (at most the limit) and handed on unchanged.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION + 10)
public class BodyLimitFilter implements ContainerRequestFilter {

    @Inject
    @ConfigProperty(name = "mcpoauth.web.max-body-bytes", defaultValue = "1048576")
    int maxBytes;

    @Inject
    @ConfigProperty(name = "mcpoauth.web.max-json-depth", defaultValue = "64")
    int maxDepth;

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        if (!request.hasEntity()) {
            return;
        }
        String instance = Requests.path(request.getUriInfo());
        Optional<byte[]> body = request.getLength() > maxBytes
                ? Optional.empty()
                : readAtMost(request.getEntityStream(), maxBytes);
        if (body.isEmpty()) {
            request.abortWith(ProblemDetail.of(Problem.BODY_TOO_LARGE, "The body may have at most " + maxBytes
                    + " bytes.", instance).toResponse());
            return;
        }
        if (CrossSiteRule.isJson(request.getHeaderString(HttpHeaders.CONTENT_TYPE))
                && JsonDepth.exceeds(body.get(), maxDepth)) {
            request.abortWith(ProblemDetail.of(Problem.JSON_TOO_DEEP, "The JSON may nest at most " + maxDepth
                    + " objects or arrays deep.", instance).toResponse());
            return;
        }
        request.setEntityStream(new ByteArrayInputStream(body.get()));
    }

    static Optional<byte[]> readAtMost(InputStream in, int limit) throws IOException {
        var out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int read;
        while ((read = in.read(buffer, 0, Math.min(buffer.length, limit + 1 - out.size()))) > 0) {
            out.write(buffer, 0, read);
            if (out.size() > limit) {
                return Optional.empty();
            }
        }
        return Optional.of(out.toByteArray());
    }
}
