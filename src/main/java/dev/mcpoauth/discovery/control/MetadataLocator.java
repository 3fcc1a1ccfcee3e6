package dev.mcpoauth.discovery.control;

import dev.mcpoauth.discovery.entity.AuthorizationServerMetadata;
import dev.mcpoauth.discovery.entity.Fetched;
import dev.mcpoauth.discovery.entity.ProtectedResourceMetadata;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks the metadata locations in order: the first document found wins; a missing one (4xx,
 * redirect) moves on; anything else stops the walk, since trying further could hide an attack
 * (a wrong issuer or resource must abort discovery, not be skipped).
 */
@Dependent
public class MetadataLocator {

    static final System.Logger LOGGER = System.getLogger(MetadataLocator.class.getName());

    final MetadataFetcher fetcher;

    @Inject
    public MetadataLocator(MetadataFetcher fetcher) {
        this.fetcher = fetcher;
    }

    /**
     * RFC 9728 discovery for an MCP server: the {@code resource_metadata} URL from its 401
     * challenge first (MCP: preferred when present), then the well-known locations; the
     * document's {@code resource} must match the server ({@link ResourceMatch}).
     *
     * @param resourceMetadataUrl from the challenge, or null
     */
    public Fetched<ProtectedResourceMetadata> protectedResource(URI mcpUrl, String resourceMetadataUrl) {
        List<URI> candidates = new ArrayList<>();
        if (resourceMetadataUrl != null) {
            candidates.add(parse(resourceMetadataUrl));
        }
        candidates.addAll(WellKnown.protectedResourceMetadata(mcpUrl));
        List<String> redirects = new ArrayList<>();
        for (URI candidate : candidates) {
            try {
                ProtectedResourceMetadata metadata =
                        ProtectedResourceMetadata.fromJSON(fetcher.fetch(candidate), fetcher.allowsLoopbackHttp());
                ResourceMatch.verify(mcpUrl, metadata.resource());
                return new Fetched<>(metadata, candidate);
            } catch (ProblemException e) {
                skipOrThrow(e, redirects);
            }
        }
        throw notFound("The MCP server at " + mcpUrl.getHost() + " publishes no protected resource metadata at any of "
                + candidates.size() + " locations.", redirects);
    }

    /** RFC 8414 / OIDC discovery for an issuer; the document's {@code issuer} must be identical. */
    public Fetched<AuthorizationServerMetadata> authorizationServer(String issuer) {
        List<URI> candidates = WellKnown.authorizationServerMetadata(issuer);
        List<String> redirects = new ArrayList<>();
        for (URI candidate : candidates) {
            try {
                AuthorizationServerMetadata metadata = AuthorizationServerMetadata.fromJSON(
                        fetcher.fetch(candidate), issuer, fetcher.allowsLoopbackHttp());
                return new Fetched<>(metadata, candidate);
            } catch (ProblemException e) {
                skipOrThrow(e, redirects);
            }
        }
        throw notFound("The authorization server " + URI.create(issuer).getHost() + " publishes no metadata at any of"
                + " its " + candidates.size() + " well-known locations.", redirects);
    }

    /** Rethrows what must stop the walk; remembers redirects, which the final report should name. */
    static void skipOrThrow(ProblemException e, List<String> redirects) {
        if (!triesNextCandidate(e.problem())) {
            throw e;
        }
        if (e.problem() == Problem.UPSTREAM_REDIRECT) {
            redirects.add(e.getMessage());
        }
        LOGGER.log(Level.DEBUG, "Trying the next metadata location: {0}", e.getMessage());
    }

    /** Nothing at this location (HTTP 4xx), or a redirect, which is never followed: the next candidate may have it. */
    static boolean triesNextCandidate(Problem problem) {
        return problem == Problem.METADATA_NOT_FOUND || problem == Problem.UPSTREAM_REDIRECT;
    }

    static ProblemException notFound(String message, List<String> redirects) {
        return new ProblemException(Problem.METADATA_NOT_FOUND,
                redirects.isEmpty() ? message : message + " " + String.join(" ", redirects));
    }

    static URI parse(String url) {
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.BAD_UPSTREAM_DOCUMENT,
                    "The resource_metadata URL in the server's challenge is not a valid URL.");
        }
    }
}
