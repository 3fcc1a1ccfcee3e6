// A real MCP server for the broker's tests: the official TypeScript SDK (McpServer +
// StreamableHTTPServerTransport, stateful sessions) on express, acting as an OAuth resource server.
//
// It serves ONLY its own RFC 9728 protected-resource document; the authorization server's
// metadata stays on the AS origin (no mcpAuthMetadataRouter), so a client that skips PRM
// discovery fails here as it would in production. Access tokens are opaque and checked by RFC 7662
// introspection at the AS on every request, so a revocation takes effect immediately.
//
// Environment:
//   MCP_PORT          port on 127.0.0.1 (0 or unset = pick a free one)
//   AS_ISSUER         the authorization server's issuer, e.g. http://127.0.0.1:<asPort>. Required.
//   INTROSPECTION_CLIENT_ID / INTROSPECTION_CLIENT_SECRET
//                     a confidential client at the AS to introspect with; when absent the server
//                     registers one by DCR at startup
//   PRM_SCOPES_SUPPORTED  space-separated scopes_supported of the PRM document (default "mcp:read")
//   REQUIRE_DPOP      off (default): bearer tokens (the SDK's requireBearerAuth); on: only DPoP-bound
//                     tokens (RFC 9449 §7): `Authorization: DPoP`, one ES256 proof per request
//                     (typ, jwk without d, signature, htm, htu = this /mcp URL, iat within 300 s,
//                     ath, a jti never seen before) whose key thumbprint is the token's cnf.jkt from
//                     introspection; nonce: the same, and every proof must carry this server's
//                     current nonce (401 use_dpop_nonce with DPoP-Nonce first, §9; it changes
//                     with POST /test/dpop-nonce/rotate)
//
// stdout carries exactly one line, `READY <port>`; the rest goes to stderr, without tokens.
//
// Besides the tools, resources (static text, one blob, templates), prompts and the ask-client tool
// come from mcp-features.mjs; every list is paged (PAGE_SIZE there).
//
// Test-only endpoints: GET /test/counters -> {unauthorized, forbidden, calls, callsByTool,
// introspections, metadata, served, dpop: {accepted, bearer, rejected, nonceChallenges, jtis}} (a
// request without Authorization is none of those),
// where served counts resources/read and prompts/get that
// reached their handlers; POST /test/counters/reset; POST /test/authorization-servers with
// {"authorization_servers": [...]} replaces the PRM document's list (an MCP server that moves to
// another authorization server; tokens are still introspected at AS_ISSUER).

import { createHash, createPublicKey, randomBytes, randomUUID, verify } from 'node:crypto';

import * as z from 'zod';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { InvalidTokenError, ServerError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';

import { pageLists, registerAskClient, registerPrompts, registerResources } from './mcp-features.mjs';

const log = (...parts) => process.stderr.write(`[mcp] ${parts.join(' ')}\n`);

const asIssuer = process.env.AS_ISSUER;
if (!asIssuer) {
  log('AS_ISSUER is required (e.g. http://127.0.0.1:8124)');
  process.exit(2);
}
const prmScopes = (process.env.PRM_SCOPES_SUPPORTED ?? 'mcp:read').split(' ').filter(Boolean);
const REQUIRED_SCOPES = ['mcp:read'];
const ADMIN_SCOPE = 'mcp:admin';
const requireDpop = process.env.REQUIRE_DPOP ?? 'off';
if (!['off', 'on', 'nonce'].includes(requireDpop)) {
  log('REQUIRE_DPOP must be off, on or nonce');
  process.exit(2);
}
let dpopNonce = randomBytes(16).toString('base64url');
const seenJtis = new Set();

// ---- counters ---------------------------------------------------------------------------
function freshCounters() {
  return { unauthorized: 0, forbidden: 0, calls: 0, callsByTool: {}, introspections: 0, metadata: 0, served: {},
    // requests with a valid DPoP-bound token and proof, with a Bearer token, refused (scheme, proof or
    // binding), answered use_dpop_nonce; distinct jtis accepted (REQUIRE_DPOP on or nonce)
    dpop: { accepted: 0, bearer: 0, rejected: 0, nonceChallenges: 0, jtis: 0 } };
}
let counters = freshCounters();

// ---- the authorization server: metadata and an introspection client -----------------------
async function fetchJson(url, init) {
  const res = await fetch(url, init);
  const text = await res.text();
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${url} -> ${res.status}`);
  return JSON.parse(text);
}

const asMetadata = await fetchJson(`${asIssuer}/.well-known/oauth-authorization-server`);
if (asMetadata.issuer !== asIssuer) {
  log(`AS metadata issuer ${asMetadata.issuer} != ${asIssuer}`);
  process.exit(1);
}
if (!asMetadata.introspection_endpoint) {
  log('the AS does not advertise an introspection_endpoint');
  process.exit(1);
}

let introspectionClient;
if (process.env.INTROSPECTION_CLIENT_ID && process.env.INTROSPECTION_CLIENT_SECRET) {
  introspectionClient = {
    id: process.env.INTROSPECTION_CLIENT_ID,
    secret: process.env.INTROSPECTION_CLIENT_SECRET,
  };
} else {
  const registered = await fetchJson(asMetadata.registration_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      client_name: 'test MCP server (introspection)',
      grant_types: [],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
    }),
  });
  introspectionClient = { id: registered.client_id, secret: registered.client_secret };
  log('registered an introspection client by DCR');
}
// RFC 6749 §2.3.1: form-urlencode id and secret before Basic-encoding them.
const formEncode = (s) => encodeURIComponent(s).replace(/%20/g, '+');
const introspectionAuth = `Basic ${Buffer.from(
  `${formEncode(introspectionClient.id)}:${formEncode(introspectionClient.secret)}`,
).toString('base64')}`;

// ---- listen first, so that port 0 resolves before the resource URL is fixed --------------
const app = createMcpExpressApp({ host: '127.0.0.1' }); // DNS-rebinding guard + express.json()
const httpServer = await new Promise((resolve, reject) => {
  const s = app.listen(Number.parseInt(process.env.MCP_PORT ?? '0', 10) || 0, '127.0.0.1', (err) => (err ? reject(err) : resolve(s)));
});
const { port } = httpServer.address();
const origin = `http://127.0.0.1:${port}`;
const resource = `${origin}/mcp`;
const resourceMetadataUrl = `${origin}/.well-known/oauth-protected-resource/mcp`;

// ---- token verification by introspection (RFC 7662) --------------------------------------
const verifier = {
  async verifyAccessToken(token) {
    counters.introspections += 1;
    let res;
    try {
      res = await fetch(asMetadata.introspection_endpoint, {
        method: 'POST',
        headers: {
          authorization: introspectionAuth,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({ token, token_type_hint: 'access_token' }),
      });
    } catch (e) {
      throw new ServerError(`introspection failed: ${e.message}`);
    }
    if (!res.ok) throw new ServerError(`introspection answered ${res.status}`);
    const info = await res.json();

    if (info.active !== true) throw new InvalidTokenError('Token is not active');
    const tokenTypes = requireDpop === 'off' ? ['bearer'] : ['dpop'];
    if (info.token_type !== undefined && !tokenTypes.includes(info.token_type.toLowerCase())) {
      throw new InvalidTokenError('Not an access token');
    }
    if (info.iss !== undefined && info.iss !== asIssuer) {
      throw new InvalidTokenError('Token was issued by another authorization server');
    }
    const audiences = Array.isArray(info.aud) ? info.aud : [info.aud].filter(Boolean);
    if (!audiences.includes(resource)) {
      throw new InvalidTokenError('Token was not issued for this resource');
    }
    return {
      token,
      clientId: info.client_id,
      scopes: typeof info.scope === 'string' ? info.scope.split(' ').filter(Boolean) : [],
      expiresAt: info.exp,
      resource: new URL(resource),
      extra: { sub: info.sub, jkt: info.cnf?.jkt, tokenType: info.token_type },
    };
  },
};

const sdkBearerAuth = requireBearerAuth({
  verifier,
  requiredScopes: REQUIRED_SCOPES,
  resourceMetadataUrl,
  expectedResource: new URL(resource),
});

// ---- DPoP (RFC 9449 §7, §9), with REQUIRE_DPOP ---------------------------------------------
const dpopChallenge = (error, description) => `DPoP algs="ES256"${error ? `, error="${error}"` : ''}`
  + `${description ? `, error_description="${description}"` : ''}, resource_metadata="${resourceMetadataUrl}"`;

function refuse(res, status, error, description) {
  counters.dpop.rejected += 1;
  res.set('WWW-Authenticate', dpopChallenge(error, description));
  res.status(status).json({ error: error ?? 'invalid_token', error_description: description });
}

/** The proof's problem, or null; never logs the proof or the token. */
async function proofProblem(proof, token, method) {
  if (typeof proof !== 'string' || proof.includes(',')) return 'exactly one DPoP proof is required';
  const parts = proof.split('.');
  const json = (part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  let header;
  let claims;
  try {
    if (parts.length !== 3) throw new Error('not three parts');
    header = json(parts[0]);
    claims = json(parts[1]);
  } catch {
    return 'the DPoP proof is not a JWT';
  }
  const jwk = header.jwk;
  if (header.typ !== 'dpop+jwt' || header.alg !== 'ES256' || jwk?.kty !== 'EC' || jwk.crv !== 'P-256'
      || jwk.d !== undefined) {
    return 'the DPoP proof header is wrong (typ, alg or jwk)';
  }
  try {
    const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, format: 'jwk' });
    const signed = verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`, 'ascii'),
      { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(parts[2], 'base64url'));
    if (!signed) return 'the DPoP proof signature does not verify';
  } catch {
    return 'the DPoP proof signature does not verify';
  }
  if (claims.htm !== method) return 'htm is not the request method';
  if (claims.htu !== resource) return 'htu is not this MCP URL';
  if (typeof claims.iat !== 'number' || Math.abs(Date.now() / 1000 - claims.iat) > 300) return 'iat is off';
  if (claims.ath !== createHash('sha256').update(token, 'ascii').digest('base64url')) return 'ath does not match';
  if (typeof claims.jti !== 'string' || seenJtis.has(claims.jti)) return 'jti missing or replayed';
  if (requireDpop === 'nonce' && claims.nonce !== dpopNonce) return 'use_dpop_nonce';
  seenJtis.add(claims.jti);
  // RFC 7638: the required members in lexicographic order, no whitespace
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return { jkt: createHash('sha256').update(canonical, 'utf8').digest('base64url') };
}

async function dpopAuth(req, res, next) {
  const authorization = req.headers.authorization ?? '';
  const [scheme, token] = authorization.split(' ', 2);
  if (!authorization) {
    res.set('WWW-Authenticate', dpopChallenge(null, null));
    res.status(401).json({ error: 'invalid_token', error_description: 'a DPoP-bound token is required' });
    return;
  }
  if (scheme.toLowerCase() !== 'dpop' || !token) {
    if (scheme.toLowerCase() === 'bearer') counters.dpop.bearer += 1;
    refuse(res, 401, 'invalid_token', 'a DPoP-bound token is required');
    return;
  }
  const checked = await proofProblem(req.headers.dpop, token, req.method);
  if (checked === 'use_dpop_nonce') {
    counters.dpop.nonceChallenges += 1;
    counters.dpop.rejected -= 1; // a challenge, not a refusal
    res.set('DPoP-Nonce', dpopNonce);
    refuse(res, 401, 'use_dpop_nonce', 'Resource server requires nonce in DPoP proof');
    return;
  }
  if (typeof checked === 'string') {
    refuse(res, 401, 'invalid_dpop_proof', checked);
    return;
  }
  let auth;
  try {
    auth = await verifier.verifyAccessToken(token);
  } catch (e) {
    refuse(res, e instanceof InvalidTokenError ? 401 : 500, 'invalid_token', e.message);
    return;
  }
  if (!auth.extra.jkt || auth.extra.jkt !== checked.jkt) {
    refuse(res, 401, 'invalid_token', 'the token is not bound to the proof key');
    return;
  }
  if (!REQUIRED_SCOPES.every((scope) => auth.scopes.includes(scope))) {
    refuse(res, 403, 'insufficient_scope', 'mcp:read required');
    return;
  }
  counters.dpop.accepted += 1;
  counters.dpop.jtis = seenJtis.size;
  req.auth = auth;
  next();
}

const bearerAuth = requireDpop === 'off' ? sdkBearerAuth : dpopAuth;

// Step-up: a tools/call of admin-action without mcp:admin must be refused at the HTTP layer
// (a JSON-RPC error inside a 200 would not tell the client to re-authorize).
function requireAdminScopeForAdminAction(req, res, next) {
  const messages = Array.isArray(req.body) ? req.body : [req.body];
  const wantsAdmin = messages.some((m) => m?.method === 'tools/call' && m?.params?.name === 'admin-action');
  if (wantsAdmin && !req.auth?.scopes.includes(ADMIN_SCOPE)) {
    res.set('WWW-Authenticate', `Bearer error="insufficient_scope", scope="mcp:read mcp:admin", resource_metadata="${resourceMetadataUrl}", error_description="admin-action requires mcp:admin"`);
    res.status(403).json({ error: 'insufficient_scope', error_description: 'admin-action requires mcp:admin' });
    return;
  }
  next();
}

// ---- the MCP server (one McpServer per session) -------------------------------------------
const text = (s) => ({ content: [{ type: 'text', text: s }] });
// The SDK calls a tool handler with (args, extra) when the tool has an inputSchema, else (extra).
const counted = (name, handler) => async (...params) => {
  counters.calls += 1;
  counters.callsByTool[name] = (counters.callsByTool[name] ?? 0) + 1;
  return handler(...params);
};
const served = (method) => {
  counters.served[method] = (counters.served[method] ?? 0) + 1;
};

function newMcpServer() {
  const server = new McpServer({ name: 'mcp-oauth-broker-test-peer', version: '1.0.0' });
  server.registerTool('echo', {
    description: 'Returns the text it is given (needs mcp:read).',
    inputSchema: { text: z.string() },
  }, counted('echo', async ({ text: t }) => text(t)));
  server.registerTool('whoami', {
    description: 'Returns the subject and client of the access token.',
  }, counted('whoami', async (extra) => text(JSON.stringify({
    sub: extra.authInfo?.extra?.sub ?? null,
    client_id: extra.authInfo?.clientId ?? null,
    scopes: extra.authInfo?.scopes ?? [],
  }))));
  server.registerTool('admin-action', {
    description: 'An administrative action (needs mcp:admin).',
  }, counted('admin-action', async (extra) => {
    // the HTTP layer already answered 403 without mcp:admin; this is a second line of defence
    if (!extra.authInfo?.scopes.includes(ADMIN_SCOPE)) {
      return { ...text('insufficient_scope: mcp:admin required'), isError: true };
    }
    return text('admin action done');
  }));
  server.registerTool('test-tool', {
    description: 'Returns "ok" (needs mcp:read).',
  }, counted('test-tool', async () => text('ok')));
  registerAskClient(server, counted);
  registerResources(server, served);
  registerPrompts(server, served);
  pageLists(server);
  return server;
}

const sessions = new Map(); // session id -> transport

// ---- routes -------------------------------------------------------------------------------
let authorizationServers = [asIssuer];

app.get('/.well-known/oauth-protected-resource/mcp', (req, res) => {
  counters.metadata += 1;
  res.json({
    resource,
    authorization_servers: authorizationServers,
    scopes_supported: prmScopes,
    bearer_methods_supported: ['header'],
  });
});

app.get('/test/counters', (req, res) => {
  res.set('Cache-Control', 'no-store').json(counters);
});
app.post('/test/authorization-servers', (req, res) => {
  const list = req.body?.authorization_servers;
  if (!Array.isArray(list) || list.length === 0 || !list.every((s) => typeof s === 'string')) {
    res.status(400).json({ error: 'authorization_servers must be a non-empty array of strings' });
    return;
  }
  authorizationServers = list;
  log('authorization servers now', list.join(' '));
  res.status(204).end();
});
app.post('/test/dpop-nonce/rotate', (req, res) => {
  dpopNonce = randomBytes(16).toString('base64url');
  res.status(204).end();
});
app.post('/test/counters/reset', (req, res) => {
  counters = freshCounters();
  res.status(204).end();
});

function countAuthFailures(req, res, next) {
  res.on('finish', () => {
    if (res.statusCode === 401) counters.unauthorized += 1;
    if (res.statusCode === 403) counters.forbidden += 1;
    const rpc = Array.isArray(req.body) ? req.body.map((m) => m?.method).join(',') : req.body?.method;
    log(req.method, req.path, res.statusCode, rpc ?? '');
  });
  next();
}

app.post('/mcp', countAuthFailures, bearerAuth, requireAdminScopeForAdminAction, async (req, res) => {
  try {
    const sessionId = req.headers['mcp-session-id'];
    let transport = sessionId ? sessions.get(sessionId) : undefined;
    if (!transport) {
      if (sessionId) {
        res.status(404).json({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null });
        return;
      }
      if (!isInitializeRequest(req.body)) {
        res.status(400).json({ jsonrpc: '2.0', error: { code: -32000, message: 'Bad Request: No valid session ID provided' }, id: null });
        return;
      }
      const created = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => sessions.set(id, created),
      });
      created.onclose = () => {
        if (created.sessionId) sessions.delete(created.sessionId);
      };
      await newMcpServer().connect(created);
      transport = created;
    }
    await transport.handleRequest(req, res, req.body);
  } catch (e) {
    log('error handling MCP request:', e.message);
    if (!res.headersSent) {
      res.status(500).json({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal server error' }, id: null });
    }
  }
});

const sessionRequest = async (req, res) => {
  const transport = sessions.get(req.headers['mcp-session-id']);
  if (!transport) {
    res.status(req.headers['mcp-session-id'] ? 404 : 400).send('Unknown or missing session');
    return;
  }
  await transport.handleRequest(req, res);
};
app.get('/mcp', countAuthFailures, bearerAuth, sessionRequest);
app.delete('/mcp', countAuthFailures, bearerAuth, sessionRequest);

// ---- lifecycle ----------------------------------------------------------------------------
const shutdown = async () => {
  setTimeout(() => process.exit(0), 2000).unref();
  for (const transport of sessions.values()) {
    await transport.close().catch(() => {});
  }
  httpServer.close(() => process.exit(0));
  httpServer.closeAllConnections();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

log(`resource ${resource}, authorization server ${asIssuer}, DPoP ${requireDpop}`);
process.stdout.write(`READY ${port}\n`);
