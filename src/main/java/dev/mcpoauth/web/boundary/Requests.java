package dev.mcpoauth.web.boundary;

import jakarta.ws.rs.core.UriInfo;

/** The request path for a problem's {@code instance}; never the query, which may carry codes or states. */
final class Requests {

    private Requests() {}

    static String path(UriInfo uriInfo) {
        return uriInfo == null ? null : "/" + uriInfo.getPath(false).replaceFirst("^/", "");
    }
}
