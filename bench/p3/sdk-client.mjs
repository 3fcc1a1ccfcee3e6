// P3's floor: the official MCP TypeScript SDK client (@modelcontextprotocol/sdk, from the test peers'
// node_modules) doing a person's whole first connection itself: the MCP server's 401, discovery
// (RFC 9728, RFC 8414), registration (RFC 7591, once per process, as the broker registers once per
// authorization server), authorization code with PKCE and resource through oidc-provider's login
// and consent pages (driven over plain HTTP with a cookie jar, as dev.mcpoauth.peers.AsBrowser
// does), the code exchange, initialize and tools/call echo.
//
// Environment: PEERS_DIR (src/test/peers, for node_modules), MCP_URL.
// stdin: one line per run, {"user": "<login at the AS>"}; stdout: one JSON line per run,
// {"ok": true, "ms": <whole flow>, "asMs": <time on the AS's pages>} or {"ok": false, "error": "..."}.
// Nothing secret is printed.

import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

const sdk = (path) => import(pathToFileURL(`${process.env.PEERS_DIR}/node_modules/@modelcontextprotocol/sdk/dist/esm/${path}`).href);
const { Client } = await sdk('client/index.js');
const { StreamableHTTPClientTransport } = await sdk('client/streamableHttp.js');
const { UnauthorizedError } = await sdk('client/auth.js');

const mcpUrl = new URL(process.env.MCP_URL);
const REDIRECT = 'http://127.0.0.1:9/callback';
let registered; // client information, kept across runs

class Provider {
  constructor(user) { this.user = user; this.code = undefined; this.asMs = 0; }
  get redirectUrl() { return REDIRECT; }
  get clientMetadata() {
    return { client_name: 'bench-sdk-client', redirect_uris: [REDIRECT], grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic', scope: 'mcp:read' };
  }
  clientInformation() { return registered; }
  saveClientInformation(info) { registered = info; }
  tokens() { return this.savedTokens; }
  saveTokens(tokens) { this.savedTokens = tokens; }
  saveCodeVerifier(v) { this.verifier = v; }
  codeVerifier() { return this.verifier; }
  async redirectToAuthorization(url) {
    const t0 = performance.now();
    this.code = await signIn(url, this.user);
    this.asMs += performance.now() - t0;
  }
}

// ---- the AS's dev login and consent pages: a cookie jar, redirects followed by hand ----------
async function signIn(authorizationUrl, user) {
  const jar = new Map();
  const send = async (url, init = {}) => {
    const headers = { ...(init.headers ?? {}) };
    if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    return res;
  };
  let url = new URL(authorizationUrl);
  let res = await send(url);
  for (let step = 0; step < 20; step++) {
    if (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.get('location'), url);
      await res.arrayBuffer();
      if (next.href.startsWith(REDIRECT)) {
        const code = next.searchParams.get('code');
        if (!code) throw new Error(`no code in the callback (${next.searchParams.get('error')})`);
        return code;
      }
      url = next;
      res = await send(url);
    } else if (res.status === 200 && (res.headers.get('content-type') ?? '').includes('text/html')) {
      const form = parseForm(await res.text(), url);
      const prompt = form.fields.prompt ?? '';
      if (prompt === 'login') Object.assign(form.fields, { login: user, password: 'x' });
      else if (prompt !== 'consent') throw new Error(`unexpected interaction page (prompt=${prompt})`);
      url = form.action;
      res = await send(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form.fields).toString() });
    } else {
      throw new Error(`AS answered ${res.status} at ${url.pathname}`);
    }
  }
  throw new Error('no redirect to the callback after 20 steps');
}

const unescape = (s) => s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (m, e) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e]
  ?? String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)));
const attrs = (text) => Object.fromEntries([...text.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)]
  .map((m) => [m[1].toLowerCase(), unescape(m[2] ?? m[3] ?? m[4] ?? '')]));

function parseForm(html, page) {
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const formAttrs = attrs(m[1]);
    const fields = {};
    for (const input of m[2].matchAll(/<input\b([^>]*)>/gi)) {
      const a = attrs(input[1]);
      if ((a.type ?? '').toLowerCase() === 'hidden' && a.name) fields[a.name] = a.value ?? '';
    }
    if ((formAttrs.method ?? 'get').toLowerCase() === 'post' && 'prompt' in fields) {
      return { action: new URL(formAttrs.action ?? page.href, page), fields };
    }
  }
  throw new Error(`no sign-in form at ${page.pathname}`);
}

// ---- one whole first connection ------------------------------------------------------------
async function connectOnce(user) {
  const t0 = performance.now();
  const provider = new Provider(user);
  const first = new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider });
  try {
    await new Client({ name: 'bench-sdk-client', version: '1.0.0' }, { capabilities: {} }).connect(first);
    throw new Error('the MCP server did not ask for authorization');
  } catch (e) {
    if (!(e instanceof UnauthorizedError)) throw e;
  }
  await first.finishAuth(provider.code);
  const transport = new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider });
  const client = new Client({ name: 'bench-sdk-client', version: '1.0.0' }, { capabilities: {} });
  await client.connect(transport);
  const result = await client.callTool({ name: 'echo', arguments: { text: `hello ${user}` } });
  if (result.isError) throw new Error('tools/call echo answered isError');
  const ms = performance.now() - t0;
  await client.close();
  return { ok: true, ms, asMs: provider.asMs };
}

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const { user } = JSON.parse(line);
  let answer;
  try {
    answer = await connectOnce(user);
  } catch (e) {
    answer = { ok: false, error: String(e?.message ?? e).slice(0, 300) };
  }
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
