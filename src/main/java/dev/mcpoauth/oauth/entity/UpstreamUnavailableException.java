package dev.mcpoauth.oauth.entity;

/**
 * A network failure, timeout or HTTP 5xx: the one kind of discovery failure worth retrying,
 * which is why it has a class of its own (MicroProfile Fault Tolerance retries by type).
 */
public class UpstreamUnavailableException extends DiscoveryException {

    private static final long serialVersionUID = 1L;

    public UpstreamUnavailableException(String message) {
        super(Reason.UPSTREAM_UNAVAILABLE, message);
    }

    public UpstreamUnavailableException(String message, Throwable cause) {
        super(Reason.UPSTREAM_UNAVAILABLE, message, cause);
    }
}
