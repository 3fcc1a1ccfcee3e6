package dev.mcpoauth.outbound.entity;

import java.net.http.HttpHeaders;

/**
 * What a server answered to an outbound request. The body is empty unless the caller wanted it,
 * and never larger than the limit. Redirects are never followed, so a 3xx is an answer too.
 */
public record OutboundReply(int status, HttpHeaders headers, byte[] body) {

    public boolean isSuccess() {
        return status / 100 == 2;
    }

    /** A 3xx: a redirect the broker did not follow (each hop would need the URL policy again). */
    public boolean isRedirect() {
        return status / 100 == 3;
    }

    public boolean isClientError() {
        return status / 100 == 4;
    }

    /** A 5xx: the server failed, and asking again later may work. */
    public boolean isServerError() {
        return status / 100 == 5;
    }

    @Override
    public String toString() {
        return "OutboundReply[HTTP " + status + ", " + body.length + " bytes]";
    }
}
