package dev.mcpoauth.dpop.entity;

/**
 * A signed DPoP proof JWT (RFC 9449 §4.2), the value of one request's {@code DPoP} header. It
 * names the request and, on resource requests, the access token's hash: {@code toString} hides it.
 */
public record DpopProof(String value) {

    public static final String HEADER = "DPoP";

    @Override
    public String toString() {
        return "DpopProof[redacted]";
    }
}
