// Sends each kind of REST request the launcher (client.mjs) makes, as both callers, a few rounds,
// and waits generously for each answer, before the first scenario: the first calls pay for class
// loading, JIT and each caller's password check, and a cold broker on a busy machine answered them
// only after more than 30 s. Writes go to a server definition of its own on a loopback port
// nothing listens on (so the broker's discovery and MCP client fail fast, without a peer), which
// it deletes again; run.sh then runs one real scenario as a warm-up for the MCP path.
// Exit 1 when an answer never comes, a read is not a 200, or a write is a 5xx other than the
// broker's own "could not reach the server" answers.
//
//   BROKER_URL=... BROKER_ADMIN=user:password BROKER_USER=user:password node warm-up.mjs
import {createServer} from 'node:net';

const broker = process.env.BROKER_URL.replace(/\/+$/, '');
const admin = process.env.BROKER_ADMIN;
const user = process.env.BROKER_USER;
const basic = credentials => 'Basic ' + Buffer.from(credentials).toString('base64');
const started = Date.now();

async function send(credentials, method, path, body, accept = 'application/json') {
    const headers = {Accept: accept, Authorization: basic(credentials)};
    if (method !== 'GET' && method !== 'DELETE') {
        headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(broker + path, {
        method,
        headers,
        body: headers['Content-Type'] ? JSON.stringify(body ?? {}) : undefined,
        redirect: 'manual',
        signal: AbortSignal.timeout(180_000),
    });
    const text = await response.text();
    let json;
    try {
        json = JSON.parse(text);
    } catch {
        json = undefined;
    }
    return {status: response.status, json};
}

function expect(answer, what, ok) {
    if (!ok(answer.status)) {
        console.error(`warm-up: ${what} answered ${answer.status}${answer.json?.type ? ' ' + answer.json.type : ''}`);
        process.exit(1);
    }
    return answer;
}

/** A loopback port that was free a moment ago: connecting to it is refused at once. */
const deadPort = await new Promise(resolve => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
        const {port} = probe.address();
        probe.close(() => resolve(port));
    });
});

const reads = [
    [admin, '/api/v1/me'],
    [admin, '/api/v1/servers'],
    [user, '/api/v1/me'],
    [user, '/api/v1/connections'],
];
// a 4xx is the right answer for the unknown ids; 502/503/504 are the broker's "server unreachable"
const answered = status => status < 500 || status === 502 || status === 503 || status === 504;
for (let round = 1; round <= 3; round++) {
    for (const [credentials, path] of reads) {
        expect(await send(credentials, 'GET', path), `GET ${path}`, status => status === 200);
    }
    const definition = {name: `warm-up ${round} ${Date.now().toString(36)}`, url: `http://127.0.0.1:${deadPort}/mcp`};
    const server = expect(await send(admin, 'POST', '/api/v1/servers?validate=false', definition),
        'POST /api/v1/servers', status => status === 201).json;
    expect(await send(admin, 'PUT', `/api/v1/servers/${server.id}`, definition), 'PUT /api/v1/servers/{id}', answered);
    expect(await send(admin, 'POST', `/api/v1/servers/${server.id}/validate`), 'POST .../validate', answered);
    expect(await send(user, 'POST', `/api/v1/connections/${server.id}/authorize`), 'POST .../authorize', answered);
    expect(await send(user, 'GET', '/api/v1/connections/warm-up/tools'), 'GET .../tools', answered);
    expect(await send(user, 'POST', '/api/v1/connections/warm-up/tools/test-tool'), 'POST .../tools/test-tool', answered);
    expect(await send(user, 'GET', '/api/v1/flows/warm-up'), 'GET /api/v1/flows/{id}', answered);
    expect(await send(user, 'GET', '/oauth/start/warm-up', undefined, 'text/html'), 'GET /oauth/start/{id}', answered);
    expect(await send(user, 'GET', '/oauth/callback?state=warm-up&error=access_denied', undefined, 'text/html'),
        'GET /oauth/callback', answered);
    expect(await send(admin, 'DELETE', `/api/v1/servers/${server.id}`), 'DELETE /api/v1/servers/{id}', answered);
}
console.log(`conformance: broker warmed up (REST) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
