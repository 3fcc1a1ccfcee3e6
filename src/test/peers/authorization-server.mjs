// A real OAuth 2.x / OIDC authorization server for the broker's tests: panva's oidc-provider
// (OpenID Certified), configured the way an MCP deployment would use it.
//
// Environment:
//   AS_PORT                 port on 127.0.0.1 (0 or unset = pick a free one)
//   MCP_RESOURCE            the accepted RFC 8707 resource(s), comma-separated; the first is the
//                           default resource (e.g. http://127.0.0.1:<mcpPort>/mcp). Required.
//   ACCESS_TOKEN_TTL        access-token lifetime in seconds (default 60)
//   REFRESH_TOKEN_TTL       refresh-token lifetime in seconds (default 86400)
//   INTROSPECTION_CLIENT_ID / INTROSPECTION_CLIENT_SECRET
//                           optional static confidential client the MCP server introspects with
//   EXTRA_CLIENTS           optional JSON array of further static client metadata (pre-registration)
//   ACCOUNTS                optional JSON object: account id -> its claims, e.g.
//                           {"alice":{"preferred_username":"alice","name":"Alice","groups":["mcp-user"]}}.
//                           When set the AS also acts as an organisation's OpenID Connect sign-in
//                           provider: scopes `profile` (name, preferred_username) and `groups`
//                           (groups) exist, and their claims go into the ID token as well as userinfo.
//                           Without it accounts have no claim beyond `sub`. (The login page takes
//                           any login name as the account id, with or without an entry here.)
//   PKCE_OPTIONAL_CLIENTS   optional comma-separated client ids that may omit PKCE (e.g. a Jakarta
//                           Security OpenID Connect client, which sends none); PKCE stays required
//                           for every other client
//   NO_DEFAULT_RESOURCE_CLIENTS
//                           optional comma-separated client ids to which the default resource
//                           (the first of MCP_RESOURCE) does not apply: without a `resource`
//                           parameter their access token is for the userinfo endpoint
//   DPOP                    off (default): no DPoP (oidc-provider 9 would otherwise advertise it);
//                           on: features.dPoP (RFC 9449), dpop_signing_alg_values_supported advertised,
//                           tokens bound to the proof's key (introspection shows cnf.jkt);
//                           nonce: the same, and every token request needs the server's nonce
//                           (use_dpop_nonce first, §8)
//
// stdout carries exactly one line, `READY <port>`, once listening; everything else goes to
// stderr. No token, code, secret or cookie value is ever logged.
//
// Test-only endpoints (not part of any spec):
//   GET  /test/counters        {token:{<grant_type>:n}, tokenSuccess:{<grant_type>:n},
//                               refreshTokenReuse, revocations, registrations, introspections,
//                               authorizationRequests, resourceMissing:{authorization, token},
//                               dpop:{proofs:{<grant_type>:n}, noProof:{<grant_type>:n}, nonceChallenges}}
//   POST /test/counters/reset

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

import Provider, { errors } from 'oidc-provider';

const log = (...parts) => process.stderr.write(`[as] ${parts.filter((p) => p !== '').join(' ')}\n`);

const resources = (process.env.MCP_RESOURCE ?? '')
  .split(',').map((r) => r.trim()).filter(Boolean);
if (resources.length === 0) {
  log('MCP_RESOURCE is required (the MCP server URL, e.g. http://127.0.0.1:8123/mcp)');
  process.exit(2);
}
const defaultResourceValue = resources[0];
const accessTokenTtl = positiveInt(process.env.ACCESS_TOKEN_TTL, 60);
const refreshTokenTtl = positiveInt(process.env.REFRESH_TOKEN_TTL, 86400);
const RESOURCE_SCOPE = 'mcp:read mcp:write mcp:admin';

const idList = (value) => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const pkceOptionalClients = new Set(idList(process.env.PKCE_OPTIONAL_CLIENTS));
const noDefaultResourceClients = new Set(idList(process.env.NO_DEFAULT_RESOURCE_CLIENTS));
const accounts = process.env.ACCOUNTS ? JSON.parse(process.env.ACCOUNTS) : null;
const dpopMode = process.env.DPOP ?? 'off';
if (!['off', 'on', 'nonce'].includes(dpopMode)) {
  log('DPOP must be off, on or nonce');
  process.exit(2);
}
if (accounts !== null && (typeof accounts !== 'object' || Array.isArray(accounts))) {
  log('ACCOUNTS must be a JSON object: account id -> claims');
  process.exit(2);
}

function positiveInt(value, fallback) {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

// ---- counters ---------------------------------------------------------------------------
function freshCounters() {
  return {
    token: { authorization_code: 0, refresh_token: 0 }, // every POST to the token endpoint
    tokenSuccess: { authorization_code: 0, refresh_token: 0 }, // those answered 200
    refreshTokenReuse: 0, // a rotated (consumed) refresh token presented again
    revocations: 0, // POSTs to the revocation endpoint answered 200
    registrations: 0, // DCR registrations answered 201
    introspections: 0, // POSTs to the introspection endpoint
    authorizationRequests: 0, // requests to the authorization endpoint
    metadata: 0, // GETs of the well-known metadata documents
    resourceMissing: { authorization: 0, token: 0 }, // such requests without a `resource`
    // token requests with and without a DPoP header, and use_dpop_nonce answers (DPOP on or nonce)
    dpop: { proofs: {}, noProof: {}, nonceChallenges: 0 },
  };
}
let counters = freshCounters();
const bump = (map, key) => { map[key] = (map[key] ?? 0) + 1; };

// ---- listen first, so that port 0 can be resolved before the issuer is fixed -------------
const server = createServer();
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(Number.parseInt(process.env.AS_PORT ?? '0', 10) || 0, '127.0.0.1', resolve);
});
const { port } = server.address();
const issuer = `http://127.0.0.1:${port}`;

// ---- static clients ---------------------------------------------------------------------
const clients = [];
if (process.env.INTROSPECTION_CLIENT_ID && process.env.INTROSPECTION_CLIENT_SECRET) {
  clients.push({
    client_id: process.env.INTROSPECTION_CLIENT_ID,
    client_secret: process.env.INTROSPECTION_CLIENT_SECRET,
    grant_types: [],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: 'client_secret_basic',
  });
}
if (process.env.EXTRA_CLIENTS) {
  clients.push(...JSON.parse(process.env.EXTRA_CLIENTS));
}

// ---- signing keys (fresh per run; only ID tokens are signed, access tokens are opaque) ----
const jwk = (key, kid, alg) => ({ ...key.export({ format: 'jwk' }), kid, alg, use: 'sig' });
const jwks = {
  keys: [
    jwk(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, 'rs256', 'RS256'),
    jwk(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, 'es256', 'ES256'),
  ],
};

const configuration = {
  clients,
  jwks,
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  scopes: ['openid', 'offline_access', 'mcp:read', 'mcp:write', 'mcp:admin',
    ...(accounts === null ? [] : ['profile', 'groups'])],
  clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'],
  responseTypes: ['code'], // OAuth 2.1: no implicit or hybrid flows
  // oidc-provider 9 implements S256 only
  pkce: { required: (ctx, client) => !pkceOptionalClients.has(client.clientId) },
  // Every client allowed the refresh_token grant gets a refresh token, whether or not it asked
  // for (and was granted) offline_access. Out of the box oidc-provider issues one only for the
  // offline_access scope, which it silently drops unless the request has prompt=consent.
  issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
  // Tokens outlive the AS login session (the test's cookie jar), with or without offline_access.
  expiresWithSession: async () => false,
  rotateRefreshToken: true,
  findAccount: async (ctx, sub) => ({
    accountId: sub,
    claims: async () => ({ ...(accounts?.[sub] ?? {}), sub }),
  }),
  // the sign-in provider's scopes and claims (only with ACCOUNTS)
  ...(accounts === null ? {} : {
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], groups: ['groups'] },
    conformIdTokenClaims: false,
  }),
  clientBasedCORS: () => false,
  ttl: {
    AccessToken: (ctx, token) => token.resourceServer?.accessTokenTTL ?? accessTokenTtl,
    AuthorizationCode: 60,
    ClientCredentials: (ctx, token) => token.resourceServer?.accessTokenTTL ?? accessTokenTtl,
    DeviceCode: 600,
    BackchannelAuthenticationRequest: 600,
    PreAuthorizedCode: 600,
    IdToken: 3600,
    Interaction: 600,
    Grant: refreshTokenTtl,
    RefreshToken: refreshTokenTtl,
    Session: 86400,
  },
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = `<!DOCTYPE html><html><body><h1>${escapeHtml(out.error)}</h1><p>${escapeHtml(out.error_description ?? '')}</p></body></html>`;
  },
  features: {
    devInteractions: { enabled: true },
    // service connections (RFC 6749 §4.4), for the static clients of EXTRA_CLIENTS that allow it
    clientCredentials: { enabled: true },
    dPoP: dpopMode === 'off' ? { enabled: false } : {
      enabled: true,
      ...(dpopMode === 'nonce' ? { nonceSecret: randomBytes(32), requireNonce: () => true } : {}),
    },
    registration: { enabled: true, initialAccessToken: false },
    registrationManagement: { enabled: true },
    revocation: {
      enabled: true,
      // the default rule, written out: a client may revoke only its own tokens
      allowedPolicy: async (ctx, client, token) => {
        if (token.clientId !== client.clientId) {
          if (client.clientAuthMethod === 'none') return false;
          throw new errors.InvalidRequest('client is not authorized to revoke the presented token');
        }
        return true;
      },
    },
    introspection: {
      enabled: true,
      // public clients only learn about their own tokens; confidential ones (the MCP server) about all
      allowedPolicy: async (ctx, client, token) => client.clientAuthMethod !== 'none'
        || token.clientId === client.clientId,
    },
    resourceIndicators: {
      enabled: true,
      defaultResource: async (ctx, client, oneOf) => {
        if (noDefaultResourceClients.has(client.clientId)) return oneOf?.[0];
        if (oneOf) return oneOf.includes(defaultResourceValue) ? defaultResourceValue : oneOf[0];
        return defaultResourceValue;
      },
      useGrantedResource: async () => true,
      getResourceServerInfo: async (ctx, resourceIndicator) => {
        if (!resources.includes(resourceIndicator)) {
          throw new errors.InvalidTarget();
        }
        return {
          scope: RESOURCE_SCOPE,
          audience: resourceIndicator,
          accessTokenFormat: 'opaque', // revocable and introspectable (JWT ATs are neither)
          accessTokenTTL: accessTokenTtl,
        };
      },
    },
  },
};

const provider = new Provider(issuer, configuration);

// ---- counting and request log (method, path without query, status; nothing secret) -------
const routes = {
  token: '/token',
  revocation: '/token/revocation',
  introspection: '/token/introspection',
  registration: '/reg',
  authorization: '/auth',
};

provider.use(async (ctx, next) => {
  if (ctx.path === '/test/counters' && ctx.method === 'GET') {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = counters;
    return;
  }
  if (ctx.path === '/test/counters/reset' && ctx.method === 'POST') {
    counters = freshCounters();
    ctx.status = 204;
    return;
  }

  await next();

  const { path, method, status } = ctx;
  let note = '';
  if (method === 'POST' && path === routes.token) {
    const params = ctx.oidc?.params ?? {};
    const grantType = params.grant_type ?? 'unknown';
    bump(counters.token, grantType);
    if (status === 200) bump(counters.tokenSuccess, grantType);
    if (!params.resource) counters.resourceMissing.token += 1;
    bump(ctx.get('DPoP') ? counters.dpop.proofs : counters.dpop.noProof, grantType);
    if (status === 400 && ctx.body?.error === 'use_dpop_nonce') counters.dpop.nonceChallenges += 1;
    note = ` grant_type=${grantType}${params.resource ? '' : ' (no resource)'}${ctx.get('DPoP') ? ' (DPoP)' : ''}`;
  } else if (method === 'POST' && path === routes.revocation) {
    if (status === 200) counters.revocations += 1;
  } else if (method === 'POST' && path === routes.introspection) {
    counters.introspections += 1;
  } else if (method === 'POST' && path === routes.registration) {
    if (status === 201) counters.registrations += 1;
  } else if (method === 'GET' && path.startsWith('/.well-known/')) {
    counters.metadata += 1;
  } else if (path === routes.authorization) {
    counters.authorizationRequests += 1;
    if (!ctx.oidc?.params?.resource) counters.resourceMissing.authorization += 1;
  }
  // interaction and resume paths carry a per-flow id: logged as :uid
  log(method, path.replace(/^\/(interaction|auth)\/[^/]+/, '/$1/:uid'), status, note.trim());
});

provider.on('grant.error', (ctx, err) => {
  if (err.error_detail === 'refresh token already used') {
    counters.refreshTokenReuse += 1;
  }
  log('token error:', err.error, err.error_detail ?? '');
});
for (const event of ['authorization.error', 'registration_create.error', 'revocation.error', 'introspection.error']) {
  provider.on(event, (ctx, err) => log(`${event}:`, err.error, err.error_detail ?? ''));
}
provider.on('server_error', (ctx, err) => log('server_error:', err.message));

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

server.on('request', provider.callback());

const shutdown = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

log(`issuer ${issuer}, resources ${resources.join(' ')}, access token TTL ${accessTokenTtl}s, DPoP ${dpopMode}`
  + (accounts === null ? '' : `, accounts ${Object.keys(accounts).join(' ')}`)
  + (pkceOptionalClients.size === 0 ? '' : `, PKCE optional for ${[...pkceOptionalClients].join(' ')}`));
process.stdout.write(`READY ${port}\n`);
