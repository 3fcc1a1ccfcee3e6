package dev.mcpoauth.oauth.entity;

import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;

/**
 * A network failure, timeout or HTTP 5xx: the one kind of upstream failure worth retrying,
 * which is why it has a class of its own (MicroProfile Fault Tolerance retries by type).
 */
public class UpstreamUnavailableException extends ProblemException {

    private static final long serialVersionUID = 1L;

    public UpstreamUnavailableException(String message) {
        super(Problem.UPSTREAM_UNAVAILABLE, message);
    }

    public UpstreamUnavailableException(String message, Throwable cause) {
        super(Problem.UPSTREAM_UNAVAILABLE, message, cause);
    }
}
