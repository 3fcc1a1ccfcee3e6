package dev.mcpoauth.web.boundary;

import dev.mcpoauth.web.entity.CrossSiteRule;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Every API answer is about someone's connections, flows, audit trail or identity: no browser or proxy may keep a
 * copy (RFC 9111 §5.2.2.5).
 */
@Provider
public class NoStoreFilter implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (CrossSiteRule.isApi(request.getUriInfo().getPath())) {
            response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
        }
    }
}
