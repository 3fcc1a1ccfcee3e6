// The MCP client under test, as the conformance suite sees it: the broker, driven over its REST API.
//
//   node client.mjs <mcp-server-url>
//
// Environment: MCP_CONFORMANCE_SCENARIO, MCP_CONFORMANCE_CONTEXT (JSON, optional) from the suite;
// BROKER_URL, BROKER_ADMIN ("name:password", defines servers) and BROKER_USER ("name:password",
// connects and calls tools) from run.sh; CONFORMANCE_RESULT_DIR, CONFORMANCE_SUITE and
// CONFORMANCE_WIRE from scenarios.mjs.
//
// Steps: define the MCP server (a unique name per run; pre-registered credentials from the context,
// and for the extension scenarios the grant they call for: grantOf), connect as the user (POST
// /grant without a browser where the grant needs none, else start a sign-in and play the user's
// browser: broker start link with the user's Basic auth -> authorization server -> broker callback,
// cookies kept), then tools/list and tools/call of
// `test-tool` through the broker. A 409 `authorization-required` answer (first connection, step-up,
// a new authorization server) sends the browser through its authorizationUrl again and the call is
// retried. The cap on sign-ins per run only stops a runaway loop: it lies well above the broker's
// own step-up limit (3 authorizations), so scenarios such as auth/scope-retry-limit measure the
// broker, not this launcher. Exit 0 when everything worked, 1 when the broker refused
// or failed (the suite's "must abort" scenarios expect that), 2 on a usage error.
//
// The result file: <CONFORMANCE_RESULT_DIR>/<scenario with / as _>.json, written when the run
// starts (finished: false, so a launcher the suite killed on its time-out shows as such) and
// again when it ends: scenario, suite, wire, protocol version, sign-ins, the flows' outcomes,
// whether tools/list and tools/call succeeded and, where not, the HTTP status and the broker's
// problem type. report.mjs counts a scenario as passed only with tools/call ok where the client
// is expected to succeed.
//
// Nothing secret is printed or recorded: no passwords, client secrets, codes, states or tokens.
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';

const MAX_SIGN_INS = 10;
// generous: a broker on a busy two-core machine has answered a first call only after more than 30 s
const TIMEOUT_MS = 120_000;
const TOOL = 'test-tool';
// the role BROKER_USER holds (broker.properties): a service connection is shared with it
const SERVICE_ROLE = 'mcp-user';

const mcpUrl = process.argv.at(-1);
const scenario = process.env.MCP_CONFORMANCE_SCENARIO ?? 'unknown';
const context = parseContext(process.env.MCP_CONFORMANCE_CONTEXT);
const brokerUrl = (process.env.BROKER_URL ?? '').replace(/\/+$/, '');
const admin = process.env.BROKER_ADMIN;
const user = process.env.BROKER_USER;

class Refused extends Error {
    constructor(message, answer) {
        super(message);
        this.status = answer?.status;
        this.problemType = answer?.json?.type;
        this.jsonRpcCode = answer?.json?.jsonRpcCode;
    }
}

const record = {
    scenario,
    suite: process.env.CONFORMANCE_SUITE ?? null,
    wire: process.env.CONFORMANCE_WIRE ?? null,
    protocolVersion: process.env.MCP_CONFORMANCE_PROTOCOL_VERSION ?? null,
    contextKeys: Object.keys(context).filter(key => key !== 'name'),
    started: new Date().toISOString(),
    finished: false,
    serverDefined: false,
    preRegistered: false,
    signIns: 0,
    flows: [],
    toolsList: {ok: false, attempted: false},
    toolsCall: {ok: false, attempted: false},
    outcome: 'running',
    message: null,
};

function writeRecord() {
    const dir = process.env.CONFORMANCE_RESULT_DIR;
    if (!dir) {
        return;
    }
    mkdirSync(dir, {recursive: true});
    writeFileSync(path.join(dir, scenario.replaceAll('/', '_') + '.json'), JSON.stringify(record, null, 2) + '\n');
}

/** What a failed tools request leaves in the record: status and problem type, never the detail text. */
function failure(error) {
    return {ok: false, attempted: true, status: error.status ?? null, problemType: error.problemType ?? null,
        ...(error.jsonRpcCode !== undefined ? {jsonRpcCode: error.jsonRpcCode} : {}), message: error.message};
}

function log(message) {
    console.log(`[${new Date().toISOString().slice(11, 23)}] ${message}`);
}

function parseContext(json) {
    if (!json) {
        return {};
    }
    try {
        return JSON.parse(json);
    } catch {
        console.error('MCP_CONFORMANCE_CONTEXT is not JSON');
        process.exit(2);
    }
}

function basic(credentials) {
    return 'Basic ' + Buffer.from(credentials, 'utf8').toString('base64');
}

/** A URL fit for a log: no query values (codes, states) and no user info. */
function redacted(url) {
    try {
        const u = new URL(url);
        u.username = '';
        u.password = '';
        for (const key of [...u.searchParams.keys()]) {
            u.searchParams.set(key, '…');
        }
        return u.toString().replace(/%E2%80%A6/g, '…');
    } catch {
        return '(not a URL)';
    }
}

/** The broker's REST API: JSON in, JSON (or RFC 9457 problem) out. */
async function api(method, path, credentials, body) {
    const headers = {Accept: 'application/json', Authorization: basic(credentials)};
    // the broker takes every change as JSON (no cross-site form can send it): an empty one as {}
    if (body === undefined && method !== 'GET' && method !== 'HEAD') {
        body = {};
    }
    if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
    }
    let response;
    try {
        response = await fetch(brokerUrl + path, {
            method,
            headers,
            body: body === undefined ? undefined : JSON.stringify(body),
            redirect: 'manual',
            signal: AbortSignal.timeout(TIMEOUT_MS),
        });
    } catch (error) {
        // a time-out or a refused connection is the broker failing this request, not the launcher
        log(`${method} ${path} -> ${error.name}: ${error.message}`);
        throw new Refused(`${method} ${path} got no answer (${error.name})`);
    }
    const text = await response.text();
    let json;
    try {
        json = text ? JSON.parse(text) : undefined;
    } catch {
        json = undefined;
    }
    log(`${method} ${path} -> ${response.status}${problemSummary(json)}`);
    return {status: response.status, json, text};
}

function problemSummary(json) {
    if (!json || typeof json !== 'object' || !json.type) {
        return '';
    }
    return ` ${json.type.replace(/^.*:/, '')}: ${json.detail ?? json.title ?? ''}`;
}

function isProblem(json, slug) {
    return !!json && typeof json.type === 'string' && json.type.endsWith(':' + slug);
}

/** Define the MCP server as the admin; pre-registered credentials belong to one issuer. */
async function defineServer() {
    const definition = {
        name: `${scenario} ${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
        url: mcpUrl,
    };
    // the scenario's own steps do the discovery; checking on save would only repeat it first
    const created = await api('POST', '/api/v1/servers?validate=false', admin, definition);
    if (created.status !== 201) {
        throw new Refused(`the broker did not accept the server (HTTP ${created.status})`, created);
    }
    const server = created.json;
    record.serverDefined = true;
    if (context.client_id) {
        let issuer = context.issuer;
        if (!issuer) {
            // 0.1.16 gives no issuer: take the one the broker discovers for the server
            const report = await api('POST', `/api/v1/servers/${server.id}/validate`, admin, {});
            issuer = report.json?.issuer;
            for (const step of report.json?.steps ?? []) {
                log(`  validate ${step.step ?? step.name}: ${step.outcome}${step.message ? ' - ' + step.message : ''}`);
            }
            if (!issuer) {
                throw new Refused('the broker discovered no issuer for the pre-registered client');
            }
        }
        const updated = await api('PUT', `/api/v1/servers/${server.id}`, admin, {
            ...definition,
            issuer,
            clientId: context.client_id,
            ...(context.client_secret ? {clientSecret: context.client_secret} : {}),
            ...grantOf(),
        });
        if (updated.status !== 200) {
            throw new Refused(`the broker did not accept the pre-registered client (HTTP ${updated.status})`, updated);
        }
        record.preRegistered = true;
        log(`pre-registered client ${context.client_id} at ${issuer}`);
    }
    return server;
}

/**
 * How the admin sets up a server that needs no browser, from what the scenario hands over: a
 * service connection shared with the user's role (client credentials with a secret or the
 * client's own key, a workload's identity token), or enterprise-managed authorization with the
 * organisation's identity provider. Empty for the sign-in flow.
 */
function grantOf() {
    const service = {connectionMode: 'SHARED', sharedRole: SERVICE_ROLE};
    if (context.valid_jwt) {
        return {...service, grant: 'WORKLOAD_IDENTITY', workloadToken: context.valid_jwt};
    }
    if (context.idp_token_endpoint) {
        return {grant: 'ENTERPRISE_MANAGED', idpTokenEndpoint: context.idp_token_endpoint,
            idpClientId: context.idp_client_id};
    }
    if (context.private_key_pem) {
        return {...service, grant: 'CLIENT_CREDENTIALS', clientAuthMethod: 'private_key_jwt',
            clientPrivateKey: context.private_key_pem};
    }
    if (scenario.startsWith('auth/client-credentials')) {
        return {...service, grant: 'CLIENT_CREDENTIALS'};
    }
    return {};
}

/** A browser: follows redirects by hand, keeps cookies per origin, signs in to the broker only at its start link. */
class Browser {
    constructor() {
        this.cookies = new Map(); // origin -> Map(name -> {value, path})
        this.signIns = 0;
    }

    cookieHeader(url) {
        const jar = this.cookies.get(url.origin);
        if (!jar) {
            return undefined;
        }
        const pairs = [...jar].filter(([, c]) => url.pathname.startsWith(c.path)).map(([n, c]) => `${n}=${c.value}`);
        return pairs.length ? pairs.join('; ') : undefined;
    }

    keep(url, response) {
        for (const header of response.headers.getSetCookie()) {
            const [pair, ...attributes] = header.split(';');
            const eq = pair.indexOf('=');
            const name = pair.slice(0, eq).trim();
            const value = pair.slice(eq + 1).trim();
            let path = '/';
            let expired = value === '';
            for (const attribute of attributes) {
                const [key, val = ''] = attribute.split('=');
                if (key.trim().toLowerCase() === 'path') {
                    path = val.trim() || '/';
                }
                if (key.trim().toLowerCase() === 'max-age' && Number(val) <= 0) {
                    expired = true;
                }
            }
            const jar = this.cookies.get(url.origin) ?? new Map();
            if (expired) {
                jar.delete(name);
            } else {
                jar.set(name, {value, path});
            }
            this.cookies.set(url.origin, jar);
        }
    }

    /** Start link -> authorization server -> callback; true when the broker's page says connected. */
    async signIn(startLink) {
        if (this.signIns >= MAX_SIGN_INS) {
            throw new Refused(`gave up: the broker asked for a ${this.signIns + 1}th sign-in in one run`);
        }
        this.signIns++;
        record.signIns = this.signIns;
        log(`sign-in ${this.signIns}: opening ${redacted(startLink)}`);
        let url = new URL(startLink);
        for (let hop = 0; hop < 10; hop++) {
            const headers = {Accept: 'text/html'};
            if (url.href.startsWith(brokerUrl + '/oauth/start/')) {
                headers.Authorization = basic(user);
            }
            const cookie = this.cookieHeader(url);
            if (cookie) {
                headers.Cookie = cookie;
            }
            const response = await fetch(url, {headers, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS)});
            this.keep(url, response);
            const location = response.headers.get('location');
            if (response.status >= 300 && response.status < 400 && location) {
                log(`  GET ${redacted(url)} -> ${response.status}`);
                url = new URL(location, url);
                continue;
            }
            const page = (await response.text()).replace(/<(style|script)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
                .replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
            log(`  GET ${redacted(url)} -> ${response.status}: ${page.slice(0, 300)}`);
            const atCallback = url.href.startsWith(brokerUrl + '/oauth/callback');
            return atCallback && response.status === 200;
        }
        throw new Refused('more than 10 redirects');
    }
}

async function flowStatus(flowId) {
    if (flowId) {
        const flow = await api('GET', `/api/v1/flows/${flowId}`, user);
        if (flow.json) {
            record.flows.push({status: flow.json.status ?? null, errorCode: flow.json.errorCode ?? null});
            log(`flow ${flowId}: ${flow.json.status}${flow.json.errorCode ? ' (' + flow.json.errorCode + ')' : ''}`
                + `${flow.json.message ? ' - ' + flow.json.message : ''}`);
        }
    }
}

/** Sign in through a start link of the broker; the flow id is the link's last segment. */
async function authorizeWith(browser, authorizationUrl) {
    const connected = await browser.signIn(authorizationUrl);
    await flowStatus(new URL(authorizationUrl).pathname.split('/').pop());
    if (!connected) {
        throw new Refused('the sign-in did not complete');
    }
}

/** A tool request through the broker; 409 authorization-required -> sign in again and retry. */
async function throughBroker(browser, method, path, body) {
    for (;;) {
        const answer = await api(method, path, user, body);
        if (answer.status >= 200 && answer.status < 300) {
            return answer.json;
        }
        if (answer.status === 409 && isProblem(answer.json, 'authorization-required') && answer.json.authorizationUrl) {
            await authorizeWith(browser, answer.json.authorizationUrl);
            continue;
        }
        if (answer.status === 404 || answer.status === 405) {
            throw new Refused(`${method} ${path} answered HTTP ${answer.status}: no such endpoint (yet), or no such connection`, answer);
        }
        throw new Refused(`${method} ${path} failed with HTTP ${answer.status}`, answer);
    }
}

async function main() {
    if (!mcpUrl || !/^https?:\/\//.test(mcpUrl) || !brokerUrl || !admin || !user) {
        console.error('usage: BROKER_URL=... BROKER_ADMIN=name:password BROKER_USER=name:password node client.mjs <mcp-url>');
        process.exit(2);
    }
    writeRecord();
    log(`scenario ${scenario} (protocol ${process.env.MCP_CONFORMANCE_PROTOCOL_VERSION ?? 'not given'}),`
        + ` MCP server ${mcpUrl}, context keys: ${Object.keys(context).join(', ') || 'none'}`);
    const server = await defineServer();
    const browser = new Browser();

    let connectionId;
    if (grantOf().grant) {
        // no browser: the broker obtains the tokens itself, with the user's ID token where one is needed
        const granted = await api('POST', `/api/v1/connections/${server.id}/grant`, user,
            context.idp_id_token ? {identityAssertion: context.idp_id_token} : {});
        if (granted.status !== 200) {
            throw new Refused(`the broker did not connect without a browser (HTTP ${granted.status})`, granted);
        }
        connectionId = granted.json.id;
    }
    const started = connectionId ? {status: 0}
        : await api('POST', `/api/v1/connections/${server.id}/authorize`, user, {});
    if (connectionId) {
        log(`connected without a browser: connection ${connectionId}`);
    } else if (started.status === 200) {
        connectionId = started.json.connectionId;
        await authorizeWith(browser, started.json.authorizationUrl);
    } else if (isProblem(started.json, 'not-protected')) {
        // an unauthenticated initialize may be allowed while the other requests are protected:
        // the tool calls below meet the challenge and answer authorization-required
        const mine = await api('GET', '/api/v1/connections', user);
        connectionId = (mine.json ?? []).find(c => (c.serverId ?? c.server?.id) === server.id)?.id;
        if (!connectionId) {
            throw new Refused('the broker found no authorization to ask for and holds no connection to call tools on');
        }
    } else {
        throw new Refused(`the broker refused to start connecting (HTTP ${started.status})`, started);
    }

    // tools/list, then tools/call even when the list failed: the call is what meets step-up
    const problems = [];
    const attempt = async (what, key, request) => {
        try {
            return await request();
        } catch (error) {
            if (!(error instanceof Refused)) {
                throw error;
            }
            log(`${what} failed: ${error.message}`);
            problems.push(`${what}: ${error.message}`);
            record[key] = failure(error);
            return undefined;
        }
    };
    const tools = await attempt('tools/list', 'toolsList',
        () => throughBroker(browser, 'GET', `/api/v1/connections/${connectionId}/tools`));
    if (tools !== undefined) {
        // the bare array of today's broker, or MCP's own ListToolsResult page
        const listed = Array.isArray(tools) ? tools : tools?.tools ?? [];
        record.toolsList = {ok: true, attempted: true, count: listed.length,
            listsTool: listed.some(tool => tool?.name === TOOL)};
        log(`tools: ${listed.map(tool => tool?.name).join(', ') || '(none listed)'}`);
    }
    const result = await attempt(`tools/call ${TOOL}`, 'toolsCall',
        () => throughBroker(browser, 'POST', `/api/v1/connections/${connectionId}/tools/${TOOL}`, {}));
    if (result !== undefined) {
        // a CallToolResult with isError stays a result (MCP tools: error handling), but not a success
        const isError = result?.isError === true;
        record.toolsCall = {ok: !isError, attempted: true, status: 200, isError};
        if (isError) {
            problems.push(`tools/call ${TOOL}: the tool answered isError: true`);
        }
        log(`${TOOL} answered: ${JSON.stringify(result).slice(0, 200)}`);
    }
    if (problems.length > 0) {
        throw new Refused(problems.join('; '));
    }
    log('done');
}

function finish(outcome, message) {
    record.finished = true;
    record.outcome = outcome;
    record.message = message;
    record.ended = new Date().toISOString();
    writeRecord();
}

main().then(() => {
    finish('completed', null);
    process.exit(0);
}, error => {
    if (error instanceof Refused) {
        log(`stopped: ${error.message}`);
        console.error(`client: ${error.message}`);
        finish('refused', error.message);
    } else {
        console.error(`client: ${error?.stack ?? error}`);
        finish('error', String(error?.message ?? error));
    }
    process.exit(1);
});
