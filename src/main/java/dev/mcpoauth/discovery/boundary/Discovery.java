package dev.mcpoauth.discovery.boundary;

import dev.mcpoauth.SingleFlight;
import dev.mcpoauth.discovery.control.MetadataLocator;
import dev.mcpoauth.discovery.control.ResourceProbe;
import dev.mcpoauth.discovery.entity.AuthorizationServerMetadata;
import dev.mcpoauth.discovery.entity.CachedMetadata.Kind;
import dev.mcpoauth.discovery.entity.CachedMetadata;
import dev.mcpoauth.discovery.entity.Fetched;
import dev.mcpoauth.discovery.entity.Probe;
import dev.mcpoauth.discovery.entity.ProtectedResourceMetadata;
import dev.mcpoauth.discovery.entity.ServerDiscovery;
import dev.mcpoauth.events.entity.DiscoveryAnswered;
import dev.mcpoauth.json.JsonBuilders;
import dev.mcpoauth.oauth.entity.BearerChallenge;
import dev.mcpoauth.outbound.control.UrlGuard;
import dev.mcpoauth.server.entity.McpServer;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityExistsException;
import jakarta.persistence.OptimisticLockException;
import java.io.StringReader;
import java.net.URI;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Finds an MCP server's authorization server the way the MCP authorization spec prescribes:
 * probe for the 401 challenge, RFC 9728 protected-resource metadata (header URL, path-inserted,
 * root), the listed authorization server (or the admin's, which must be listed), then RFC 8414 /
 * OIDC metadata; 2025-03-26 servers without resource metadata are their own authorization
 * server. Results are cached in the database for the server's metadata TTL.
 */
@ApplicationScoped
public class Discovery {

    static final System.Logger LOGGER = System.getLogger(Discovery.class.getName());

    @Inject
    ResourceProbe probe;

    @Inject
    MetadataLocator locator;

    @Inject
    DiscoveryCache cache;

    @Inject
    UrlGuard guard;

    @Inject
    Clock clock;

    @Inject
    Event<DiscoveryAnswered> answered;

    /** The forced discoveries under way on this node, by server URL. */
    final SingleFlight<ServerDiscovery> rediscoveries = new SingleFlight<>();

    /**
     * The cached discovery while fresh; otherwise (or when {@code refresh}) discovers anew and caches it.
     * Every answer counts as a cache hit or a miss: a forced refresh went to the network too, and
     * saving or validating a server refreshes, so not counting those left the misses at zero.
     */
    public ServerDiscovery discover(McpServer server, boolean refresh) {
        Instant now = clock.instant();
        if (!refresh) {
            Optional<ServerDiscovery> cached = cached(server, now);
            if (cached.isPresent()) {
                answered.fire(new DiscoveryAnswered(true));
                return cached.get();
            }
        }
        answered.fire(new DiscoveryAnswered(false));
        ServerDiscovery discovery = fetch(server, now);
        remember(server, discovery, now);
        return discovery;
    }

    /**
     * Discovery anew after the server refused a request sent at {@code refusedSince}, once per
     * server at a time: a caller that finds a fetch for the server under way on this node waits
     * for it and takes its answer, and one that finds a discovery fetched (on any node) since its
     * request was sent takes that. N callers refused at once cause one fetch, not N.
     */
    public ServerDiscovery rediscover(McpServer server, Instant refusedSince) {
        return rediscoveries.run(server.url(), () -> {
            Optional<ServerDiscovery> since = cached(server, clock.instant())
                    .filter(found -> !found.fetchedAt().isBefore(refusedSince));
            if (since.isPresent()) {
                answered.fire(new DiscoveryAnswered(true));
            }
            return since.orElseGet(() -> discover(server, true));
        }, () -> answered.fire(new DiscoveryAnswered(true)));
    }

    /** Discovery from the network alone, cache untouched. */
    public ServerDiscovery fetch(McpServer server, Instant now) {
        URI mcpUrl = URI.create(server.url());
        Probe answer = probe.probe(mcpUrl);
        if (!answer.demandsAuthorization()) {
            throw new ProblemException(Problem.NOT_PROTECTED, "The MCP server answered an unauthenticated request with"
                    + " HTTP " + answer.status() + " instead of 401: it does not ask for OAuth authorization.");
        }
        String challengedScope = answer.challenge().map(BearerChallenge::scope).orElse(null);
        Optional<Fetched<ProtectedResourceMetadata>> resource = protectedResource(mcpUrl, answer);
        if (resource.isEmpty()) {
            Fetched<AuthorizationServerMetadata> legacy = legacyAuthorizationServer(server, mcpUrl);
            return new ServerDiscovery(server.url(), challengedScope, null, null, legacy.metadata(),
                    String.valueOf(legacy.source()), now, false);
        }
        ProtectedResourceMetadata metadata = resource.get().metadata();
        String issuer = chooseIssuer(server, metadata);
        Fetched<AuthorizationServerMetadata> authorizationServer = locator.authorizationServer(issuer);
        return new ServerDiscovery(server.url(), challengedScope, metadata, resource.get().source().toString(),
                authorizationServer.metadata(), authorizationServer.source().toString(), now, false);
    }

    /**
     * The issuer the broker last learned this server names (fresh or stale, from the cache, no
     * network); empty when nothing is cached.
     */
    public Optional<String> lastKnownIssuer(McpServer server) {
        return cache.latest(Kind.PROTECTED_RESOURCE, server.url())
                .map(document -> ServerDiscovery.issuerOf(parse(document.document())));
    }

    /** Forgets what is cached for this server, so that the next use discovers anew. */
    public void forget(McpServer server) {
        cache.evict(Kind.PROTECTED_RESOURCE, server.url());
    }

    /**
     * Empty only for a 2025-03-26 server: one whose challenge names no resource metadata and
     * that publishes none. A server that names a document it does not serve, or whose challenge
     * cannot be read, is reported, not guessed to be its own authorization server.
     */
    Optional<Fetched<ProtectedResourceMetadata>> protectedResource(URI mcpUrl, Probe answer) {
        String headerUrl = answer.challenge().map(BearerChallenge::resourceMetadata).orElse(null);
        try {
            return Optional.of(locator.protectedResource(mcpUrl, headerUrl));
        } catch (ProblemException e) {
            if (e.problem() != Problem.METADATA_NOT_FOUND || headerUrl != null) {
                throw e;
            }
            if (answer.challengeMalformed()) {
                throw new ProblemException(Problem.BAD_UPSTREAM_DOCUMENT, "The MCP server's WWW-Authenticate"
                        + " challenge is malformed (RFC 9110 §11.6.1) and it publishes no protected resource metadata"
                        + " at the well-known locations, so its authorization server is unknown.");
            }
            return Optional.empty();
        }
    }

    /** RFC 9728 §7.6 leaves the choice to the client: the admin's issuer when listed, else the first. */
    static String chooseIssuer(McpServer server, ProtectedResourceMetadata metadata) {
        Optional<String> configured = server.issuer();
        if (configured.isEmpty()) {
            return metadata.authorizationServer();
        }
        if (!metadata.authorizationServers().contains(configured.get())) {
            throw new ProblemException(Problem.CONFIGURATION_MISMATCH, "The configured issuer " + configured.get()
                    + " is not among the authorization servers the MCP server lists: "
                    + String.join(", ", metadata.authorizationServers()) + ". Correct the issuer or remove it.");
        }
        return configured.get();
    }

    /** 2025-03-26 servers: metadata at the MCP origin (or the admin's issuer), else the default endpoints there. */
    Fetched<AuthorizationServerMetadata> legacyAuthorizationServer(McpServer server, URI mcpUrl) {
        String issuer = server.issuer().orElse(mcpUrl.getScheme() + "://" + mcpUrl.getRawAuthority());
        try {
            return locator.authorizationServer(issuer);
        } catch (ProblemException e) {
            if (e.problem() != Problem.METADATA_NOT_FOUND || server.issuer().isPresent()) {
                throw e;
            }
            return new Fetched<>(AuthorizationServerMetadata.legacyDefaults(mcpUrl), mcpUrl);
        }
    }

    Optional<ServerDiscovery> cached(McpServer server, Instant now) {
        Optional<CachedMetadata> resource = cache.fresh(Kind.PROTECTED_RESOURCE, server.url(), now);
        if (resource.isEmpty()) {
            return Optional.empty();
        }
        JsonObject resourceDocument = parse(resource.get().document());
        String issuer = ServerDiscovery.issuerOf(resourceDocument);
        if (server.issuer().isPresent() && !server.issuer().get().equals(issuer)) {
            return Optional.empty();
        }
        return cache.fresh(Kind.AUTHORIZATION_SERVER, issuer, now).map(authorizationServer ->
                ServerDiscovery.fromCache(server.url(), resourceDocument,
                        AuthorizationServerMetadata.fromJSON(parse(authorizationServer.document()), issuer,
                                guard.allowsLoopbackHttp()),
                        authorizationServer.sourceUrl(), resource.get().fetchedAt(), guard.allowsLoopbackHttp()));
    }

    void remember(McpServer server, ServerDiscovery discovery, Instant now) {
        try {
            cache.store(Kind.AUTHORIZATION_SERVER, discovery.issuer(), discovery.authorizationServerSource(),
                    discovery.authorizationServer().toJSON().toString(), now, server.metadataTtl());
            String source = discovery.isLegacy() ? server.url() : discovery.resourceMetadataSource();
            cache.store(Kind.PROTECTED_RESOURCE, server.url(), source,
                    discovery.resourceDocument().toString(), now, server.metadataTtl());
        } catch (RuntimeException e) {
            if (isConcurrentWrite(e)) {
                // another caller or node stored the same documents at the same moment; the next use reads theirs
                LOGGER.log(System.Logger.Level.DEBUG, "The discovery of " + server.url() + " was cached meanwhile");
            } else {
                LOGGER.log(System.Logger.Level.WARNING, "Could not cache the discovery of " + server.url(), e);
            }
        }
    }

    /** An optimistic-lock conflict or a duplicate row: a write raced another one of the same document. */
    static boolean isConcurrentWrite(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof OptimisticLockException || cause instanceof EntityExistsException
                    || cause instanceof SQLIntegrityConstraintViolationException
                    || cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    static JsonObject parse(String json) {
        try (var reader = JsonBuilders.reader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
