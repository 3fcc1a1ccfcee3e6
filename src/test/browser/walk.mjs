#!/usr/bin/env node
// The end-to-end browser walk of the broker's pages (issue 12), run by BrowserIT in `mvn verify`.
//
// Boots everything on 127.0.0.1: panva's oidc-provider (src/test/peers/authorization-server.mjs)
// as BOTH the MCP server's authorization server AND the organisation's OpenID Connect sign-in
// provider, the MCP TypeScript SDK server (src/test/peers/mcp-server.mjs) that demands the AS's
// tokens, the packaged WAR on Payara Micro, and a forger's page on another port. Then Debian's
// Chromium (/usr/bin/chromium, driven by playwright-core; never a downloaded browser) walks it as
// people would:
//   - the admin (root) signs in with the form by keyboard alone (focus visible on each field),
//     adds the MCP server in Administration and validates it, every step passing;
//   - alice signs in with "Sign in with ..." through oidc-provider's real login and consent pages,
//     sees the server, presses Connect with the keyboard (a new window: the AS's login and consent, then the
//     broker's callback page), and her page turns "Connected" without reloading (the event
//     stream); Try it lists the tools and calls echo; Disconnect turns it "Not connected";
//   - the admin's audit page shows AuthorizationCompleted, McpRequestCompleted and
//     CredentialsRevoked for alice;
//   - forged POSTs from the other origin with alice's cookie, and a same-origin POST without the
//     X-CSRF-Token header, are refused with 403 and change nothing;
//   - sign-out ends the session: the old cookie no longer authenticates; and another site's POST
//     to /signout does not sign the admin out (nor make the browser drop the cookie).
// Each broker page gets an axe-core check (no serious or critical violation allowed), a reflow
// check (no sideways scrolling at 390 px) and screenshots at 1280x900 and 390x844 in
// target/screenshots/<page>-desktop.png / -phone.png; a broker page's Content-Security-Policy
// refusal or uncaught error fails the walk too.
//
// Needs target/mcp-oauth-broker.war, target/payara-micro.jar, target/classes (mvn package), npm ci
// in src/test/peers and src/test/browser (the build does both), and Chromium at /usr/bin/chromium
// (Debian: apt-get install chromium). As root it re-runs itself inside a fresh network namespace
// that has only loopback; elsewhere it refuses unless BROWSER_ALLOW_HOST_NETWORK=1.
//
// Environment: BROWSER_JAVA (java for Payara Micro and the password hash; default java on the
// PATH), BROWSER_CHROMIUM (default /usr/bin/chromium).
// Results: target/browser/result.json ({ok, steps, axe, screenshots, pageProblems, forged, ...}),
// logs in target/browser/logs/ (as.log, mcp.log, broker.log). Exit status 0 only when it all passed.

import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

import { FAILING_IMPACTS, VIEWPORTS, auditPage, redact, settle, watchPage } from './audit.mjs';
import { fetchPage, formPage, startForger } from './forge.mjs';
import { freePort, killAllNow, start, stopAll, waitForOk } from './processes.mjs';

const script = fileURLToPath(import.meta.url);
const here = dirname(script);
const root = resolve(here, '../../..');
const out = join(root, 'target', 'browser');
const screenshotDir = join(root, 'target', 'screenshots');
const resultFile = join(out, 'result.json');
const chromiumPath = process.env.BROWSER_CHROMIUM || '/usr/bin/chromium';
const java = process.env.BROWSER_JAVA || 'java';

const say = (line) => console.log(`browser: ${line}`);
function fail(message) {
  console.error(`browser: ${message}`);
  process.exit(1);
}

// ---- preconditions ----------------------------------------------------------------------------
for (const [file, hint] of [
  ['target/mcp-oauth-broker.war', 'run mvn package first'],
  ['target/payara-micro.jar', 'run mvn package first'],
  ['target/classes/dev/mcpoauth/security/control/PasswordHashes.class', 'run mvn package first'],
  ['src/test/peers/node_modules', 'run npm ci in src/test/peers (the build does)'],
  ['src/test/browser/node_modules/playwright-core', 'run npm ci in src/test/browser (the build does)'],
  ['src/test/browser/node_modules/axe-core', 'run npm ci in src/test/browser (the build does)'],
]) {
  if (!existsSync(join(root, file))) fail(`${file} is missing: ${hint}`);
}
if (!existsSync(chromiumPath)) {
  fail(`${chromiumPath} is missing: install Debian's Chromium (apt-get install chromium); `
    + 'the walk never downloads a browser');
}

// ---- outside: enter a loopback-only network namespace ----------------------------------------
if (process.env.BROWSER_INSIDE !== '1') {
  const env = { ...process.env, BROWSER_INSIDE: '1' };
  const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
  if (process.getuid?.() === 0 && has('unshare') && has('ip')
      && spawnSync('unshare', ['-n', 'true'], { stdio: 'ignore' }).status === 0) {
    const child = spawn('unshare', ['-n', 'sh', '-c', 'ip link set lo up && exec "$0" "$@"', process.execPath, script],
      { stdio: 'inherit', env });
    for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => child.kill(signal));
    child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  } else if (process.env.BROWSER_ALLOW_HOST_NETWORK === '1') {
    say('not root or no unshare/ip: running with the host\'s network (BROWSER_ALLOW_HOST_NETWORK=1)');
    process.env.BROWSER_INSIDE = '1';
    await inside();
  } else {
    fail('needs root with unshare and ip (iproute2) to run in a loopback-only network namespace; '
      + 'set BROWSER_ALLOW_HOST_NETWORK=1 to run on the host\'s network instead');
  }
} else {
  await inside();
}

// ================================================================================================
async function inside() {
  const report = {
    ok: false,
    startedAt: new Date().toISOString(),
    steps: [],
    axe: {},
    failingImpacts: FAILING_IMPACTS,
    screenshots: [],
    pageProblems: [],
    forged: [],
    offLoopbackRequests: [],
    hooks: [],
  };
  const writeReport = () => {
    report.finishedAt = new Date().toISOString();
    const written = { ...report, screenshots: report.screenshots.map((file) => relative(root, file)) };
    writeFileSync(resultFile, `${JSON.stringify(written, null, 2)}\n`);
  };

  rmSync(out, { recursive: true, force: true });
  rmSync(screenshotDir, { recursive: true, force: true });
  for (const dir of ['logs', 'data', 'tmp']) mkdirSync(join(out, dir), { recursive: true });
  mkdirSync(screenshotDir, { recursive: true });
  const logs = join(out, 'logs');

  let browser;
  let forger;
  let stopping = false;
  const cleanUp = async () => {
    await browser?.close().catch(() => {});
    await forger?.close().catch(() => {});
    await stopAll();
  };
  process.on('exit', killAllNow);
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, async () => {
      if (stopping) return;
      stopping = true;
      say(`${signal}: stopping`);
      report.steps.push({ name: `interrupted by ${signal}`, ok: false });
      writeReport();
      await cleanUp();
      process.exit(signal === 'SIGTERM' ? 143 : 130);
    });
  }

  // a failed step ends the walk, unless it is soft: what comes after it does not depend on it
  const step = async (name, body, { soft = false } = {}) => {
    say(`---- ${name}`);
    try {
      const detail = await body();
      report.steps.push({ name, ok: true, ...(detail === undefined ? {} : { detail }) });
      say(`ok   ${name}`);
      return detail;
    } catch (e) {
      report.steps.push({ name, ok: false, error: redact(e?.stack ?? String(e)) });
      say(`FAIL ${name}: ${redact(e?.message ?? e)}`);
      if (!soft) throw e;
      return undefined;
    }
  };

  const pages = []; // every page opened, for failure screenshots
  try {
    // ---- the peers and the broker ---------------------------------------------------------------
    const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('MCPOAUTH_')));
    const secret = () => randomBytes(24).toString('base64url');
    const mcpPort = await freePort();
    let brokerPort;
    do brokerPort = await freePort(); while (brokerPort === mcpPort);
    const brokerOrigin = `http://127.0.0.1:${brokerPort}`;
    const mcpUrl = `http://127.0.0.1:${mcpPort}/mcp`;
    const introspection = { id: 'mcp-server-introspection', secret: secret() };
    const signIn = { id: 'broker-sign-in', secret: secret() };
    const rootPassword = secret();
    const serverName = 'Peer MCP server';

    const { asIssuer } = await step('start oidc-provider, the MCP server and the broker', async () => {
      const peersDir = join(root, 'src', 'test', 'peers');
      const as = await start('as', process.execPath, ['authorization-server.mjs'], {
        cwd: peersDir,
        logFile: join(logs, 'as.log'),
        readyLine: true,
        env: {
          ...baseEnv,
          AS_PORT: '0',
          MCP_RESOURCE: mcpUrl,
          ACCESS_TOKEN_TTL: '600',
          INTROSPECTION_CLIENT_ID: introspection.id,
          INTROSPECTION_CLIENT_SECRET: introspection.secret,
          EXTRA_CLIENTS: JSON.stringify([{
            client_id: signIn.id,
            client_secret: signIn.secret,
            client_name: 'MCP OAuth Broker sign-in',
            redirect_uris: [`${brokerOrigin}/signin/oidc/callback`],
            token_endpoint_auth_method: 'client_secret_post',
            grant_types: ['authorization_code'],
            response_types: ['code'],
          }]),
          ACCOUNTS: JSON.stringify({ alice: { preferred_username: 'alice', name: 'Alice', groups: ['mcp-user'] } }),
          PKCE_OPTIONAL_CLIENTS: signIn.id,
          NO_DEFAULT_RESOURCE_CLIENTS: signIn.id,
        },
      });
      const issuer = `http://127.0.0.1:${as.port}`;
      const mcp = await start('mcp', process.execPath, ['mcp-server.mjs'], {
        cwd: peersDir,
        logFile: join(logs, 'mcp.log'),
        readyLine: true,
        env: {
          ...baseEnv,
          MCP_PORT: String(mcpPort),
          AS_ISSUER: issuer,
          INTROSPECTION_CLIENT_ID: introspection.id,
          INTROSPECTION_CLIENT_SECRET: introspection.secret,
        },
      });
      if (mcp.port !== mcpPort) throw new Error(`the MCP server listens on ${mcp.port}, expected ${mcpPort}`);

      const hash = passwordHash(rootPassword);
      const brokerEnv = {
        ...baseEnv,
        MCPOAUTH_DATA_DIR: join(out, 'data'),
        MCPOAUTH_PUBLIC_BASE_URL: brokerOrigin,
        MCPOAUTH_SECURITY_OUTBOUND_ALLOW_LOOPBACK_HTTP: 'true',
        MCPOAUTH_SECURITY_USERS: 'root',
        MCPOAUTH_SECURITY_USER_ROOT_PASSWORD_HASH: hash,
        MCPOAUTH_SECURITY_USER_ROOT_ROLES: 'mcp-admin,mcp-user',
        MCPOAUTH_WEB_OIDC_ISSUER: issuer,
        MCPOAUTH_WEB_OIDC_CLIENT_ID: signIn.id,
        MCPOAUTH_WEB_OIDC_CLIENT_SECRET: signIn.secret,
        MCPOAUTH_WEB_OIDC_SCOPES: 'openid profile groups',
        MCPOAUTH_WEB_OIDC_GROUPS_CLAIM: 'groups',
        MCPOAUTH_WEB_OIDC_LABEL: 'Sign in with Example IdP',
        // generous: a loaded two-core machine answers slowly (as conformance/broker.properties)
        MCPOAUTH_DISCOVERY_CONNECT_TIMEOUT: 'PT20S',
        MCPOAUTH_DISCOVERY_READ_TIMEOUT: 'PT60S',
        MCPOAUTH_TOKEN_CONNECT_TIMEOUT: 'PT20S',
        MCPOAUTH_TOKEN_READ_TIMEOUT: 'PT60S',
        MCPOAUTH_MCP_CONNECT_TIMEOUT: 'PT20S',
        MCPOAUTH_MCP_REQUEST_TIMEOUT: 'PT90S',
      };
      const broker = await start('broker', java, [
        '-Xmx512m', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Dhazelcast.socket.bind.any=false',
        '-Dhazelcast.phone.home.enabled=false', '-Djdk.httpclient.allowRestrictedHeaders=host',
        `-Djava.io.tmpdir=${join(out, 'tmp')}`,
        '-jar', 'target/payara-micro.jar', '--deploy', 'target/mcp-oauth-broker.war:/', '--port', String(brokerPort),
        '--nocluster', '--disablephonehome', '--prebootcommandfile', 'payara-config/loopback.asadmin',
      ], { cwd: root, env: brokerEnv, logFile: join(logs, 'broker.log') });
      await waitForOk(`${brokerOrigin}/health/ready`, broker.child, 300_000);
      return { asIssuer: issuer };
    });
    say(`broker ${brokerOrigin}, AS ${asIssuer}, MCP ${mcpUrl}`);

    forger = await startForger();

    // ---- the browser ------------------------------------------------------------------------------
    // Playwright gives each launch a fresh profile (--user-data-dir) in the temp directory.
    process.env.TMPDIR = join(out, 'tmp');
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      timeout: 120_000,
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--no-proxy-server', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
      ],
    });
    say(`Chromium ${browser.version()}`);
    const newContext = async (label) => {
      const context = await browser.newContext({
        viewport: VIEWPORTS.desktop, locale: 'en-GB', timezoneId: 'UTC', reducedMotion: 'reduce',
      });
      context.setDefaultTimeout(60_000);
      context.setDefaultNavigationTimeout(120_000);
      context.on('page', (page) => {
        pages.push({ label, page });
        watchPage(page, brokerOrigin, report, label);
      });
      context.on('request', (request) => {
        const { hostname } = new URL(request.url());
        if (!['127.0.0.1', 'localhost'].includes(hostname) && !/^(data|blob|about):/.test(request.url())) {
          report.offLoopbackRequests.push({ from: redact(request.frame()?.url() ?? ''), url: redact(request.url()) });
        }
      });
      return context;
    };
    const adminContext = await newContext('admin');
    const aliceContext = await newContext('alice');
    const admin = await adminContext.newPage();
    const alice = await aliceContext.newPage();
    // a page's serious axe violations fail the walk at its end, not at once: the other pages still get checked
    const audit = async (page, name, options) => {
      const failing = await auditPage(page, name, report, { screenshotDir, ...options });
      for (const line of failing) say(`axe ${name} ${line}`);
    };
    const hook = (what) => { if (!report.hooks.includes(what)) report.hooks.push(what); };

    // ---- the admin: form sign-in ------------------------------------------------------------------
    await step('the admin page sends a stranger to the sign-in page, which offers both ways', async () => {
      await admin.goto(`${brokerOrigin}/admin`);
      const url = new URL(admin.url());
      if (url.pathname !== '/signin' || url.searchParams.get('return') !== '/admin') {
        throw new Error(`expected /signin?return=/admin, got ${redact(admin.url())}`);
      }
      await signInForm(admin).username.waitFor();
      await oidcLink(admin).waitFor();
      hook('sign-in: getByLabel(/user ?name/i), getByLabel(/password/i), getByRole(button, /sign in/i), a[href^="/signin/oidc"]');
      await audit(admin, 'signin');
    });

    await step('a wrong password is refused', async () => {
      const form = signInForm(admin);
      await form.username.fill('root');
      await form.password.fill(`${rootPassword}-wrong`);
      await Promise.all([admin.waitForURL((u) => u.searchParams.get('error') === 'invalid'), form.submit.click()]);
      await audit(admin, 'signin-error');
    });

    await step('the admin signs in with the form, by keyboard alone (Tab, typing, Enter), focus always visible', async () => {
      const form = signInForm(admin);
      await form.username.fill('');
      await form.password.fill('');
      await tabTo(admin, form.username);
      await admin.keyboard.type('root');
      await tabTo(admin, form.password);
      await admin.keyboard.type(rootPassword);
      await tabTo(admin, form.submit);
      await Promise.all([admin.waitForURL((u) => u.pathname === '/admin'), admin.keyboard.press('Enter')]);
      const me = await api(admin, 'GET', '/api/v1/me');
      expectStatus(me, 200, 'GET /api/v1/me');
      if (!me.json.roles.includes('mcp-admin') || me.json.session?.method !== 'form') {
        throw new Error(`unexpected /api/v1/me: ${JSON.stringify(me.json.roles)} ${me.json.session?.method}`);
      }
      return { name: me.json.name, roles: me.json.roles };
    });

    const serverId = await step('the admin adds the MCP server through the form', async () => {
      await audit(admin, 'admin');
      const id = await addServer(admin, { name: serverName, url: mcpUrl });
      await admin.locator(`[data-server-id="${id}"]`).first().waitFor();
      hook('admin: button "Add a server"; form fields labelled "Name", /^URL/, "Sign-in", "Connections"; button "Save"; [data-server-id] rows');
      return id;
    });

    await step('Validate shows every step passed', async () => {
      const row = admin.locator(`[data-server-id="${serverId}"]`).first();
      const [response] = await Promise.all([
        admin.waitForResponse((r) => r.url().startsWith(`${brokerOrigin}/api/v1/servers/${serverId}/validate`)
          && r.request().method() === 'POST', { timeout: 180_000 }),
        row.getByRole('button', { name: 'Validate' }).click(),
      ]);
      const validation = await response.json();
      if (response.status() !== 200 || validation.valid !== true) {
        throw new Error(`validate answered ${response.status()}: ${JSON.stringify(validation)}`);
      }
      for (const s of validation.steps) {
        await admin.getByText(s.message, { exact: false }).first().waitFor();
      }
      hook('admin: row button "Validate"; each step message shown as text');
      await audit(admin, 'admin-validation');
      return validation.steps.map((s) => `${s.step}: ${s.outcome}`);
    });

    // ---- alice: OIDC sign-in through oidc-provider's login and consent -----------------------------
    const aliceId = await step('alice signs in with the organisation\'s IdP (login and consent pages)', async () => {
      await alice.goto(`${brokerOrigin}/`);
      const url = new URL(alice.url());
      if (url.pathname !== '/signin' || url.searchParams.get('return') !== '/') {
        throw new Error(`expected /signin?return=/, got ${redact(alice.url())}`);
      }
      await oidcLink(alice).click();
      const seen = await throughAuthorizationServer(alice, asIssuer, brokerOrigin, 'alice');
      if (!isDeepStrictEqual(seen, ['login', 'consent'])) throw new Error(`AS pages seen: ${seen.join(', ')}`);
      await alice.waitForURL((u) => u.origin === brokerOrigin && u.pathname === '/');
      const me = await api(alice, 'GET', '/api/v1/me');
      expectStatus(me, 200, 'GET /api/v1/me');
      if (!me.json.roles.includes('mcp-user') || me.json.session?.method !== 'oidc') {
        throw new Error(`unexpected /api/v1/me: ${JSON.stringify(me.json)}`);
      }
      return me.json.id;
    });

    const row = alice.locator(`[data-server-id="${serverId}"]`).first();
    const status = row.getByTestId('status');
    await step('alice sees the server, not connected', async () => {
      await row.waitFor();
      await row.getByText(serverName).first().waitFor();
      await waitForText(status, /^Not connected/);
      hook('index: [data-server-id] row, [data-testid=status] "Not connected"/"Connected"');
      await audit(alice, 'index');
    });

    const connectionId = await step('Connect: the AS\'s login and consent in a new window; the page turns Connected without reloading', async () => {
      // the AS is alice's sign-in IdP too: forget her AS session so that its login page shows again,
      // as it would at an MCP server's own authorization server
      await aliceContext.clearCookies({ name: /^_session/ });
      await alice.evaluate(() => { window.walkMarker = 'not reloaded'; });
      let navigations = 0;
      const countNavigation = (frame) => { if (frame === alice.mainFrame()) navigations += 1; };
      alice.on('framenavigated', countNavigation);
      const connect = row.getByRole('button', { name: 'Connect', exact: true });
      await tabTo(alice, connect, 60);
      const [popup] = await Promise.all([aliceContext.waitForEvent('page'), alice.keyboard.press('Enter')]);
      hook('index: row button "Connect" (reached with Tab, pressed with Enter) opens a new page');
      const seen = await throughAuthorizationServer(popup, asIssuer, brokerOrigin, 'alice');
      if (!isDeepStrictEqual(seen, ['login', 'consent'])) throw new Error(`AS pages seen: ${seen.join(', ')}`);
      await popup.getByText(/you can close this window/i).first().waitFor();
      await audit(popup, 'callback');
      await popup.close();
      await waitForText(status, /^Connected/, 120_000);
      alice.off('framenavigated', countNavigation);
      const marker = await alice.evaluate(() => window.walkMarker);
      if (marker !== 'not reloaded' || navigations !== 0) {
        throw new Error(`the page reloaded (marker ${marker}, ${navigations} navigations)`);
      }
      const servers = await api(alice, 'GET', '/api/v1/me/servers');
      expectStatus(servers, 200, 'GET /api/v1/me/servers');
      const connection = servers.json.find((s) => s.serverId === serverId)?.connection;
      if (connection?.status !== 'CONNECTED') throw new Error(`connection: ${JSON.stringify(connection)}`);
      await audit(alice, 'index-connected');
      return connection.id;
    });

    await step('Try it lists the tools and calls echo with JSON arguments', async () => {
      await row.getByRole('button', { name: 'Try it', exact: true }).click();
      hook('index: row button "Try it"');
      const panel = await tryItPanel(alice);
      await panel.getByText('echo', { exact: true }).first().waitFor();
      const words = `hello from Chromium ${randomBytes(4).toString('hex')}`;
      const [response] = await Promise.all([
        alice.waitForResponse((r) => r.url() === `${brokerOrigin}/api/v1/connections/${connectionId}/tools/echo`
          && r.request().method() === 'POST', { timeout: 180_000 }),
        callTool(alice, panel, 'echo', JSON.stringify({ text: words })),
      ]);
      if (response.status() !== 200) throw new Error(`tools/call answered ${response.status()}: ${await response.text()}`);
      await panel.getByText(words).first().waitFor();
      hook('try it: region /try it/, radio /^echo/, field labelled /arguments/, button "Call", the result as text');
      await audit(alice, 'index-try-it');
    });

    await step('Disconnect turns it Not connected', async () => {
      alice.once('dialog', (dialog) => dialog.accept());
      await row.getByRole('button', { name: 'Disconnect', exact: true }).click();
      if (await confirmIfAsked(alice, /disconnect/i)) hook('index: Disconnect asks in a dialog (role dialog, button /disconnect/i)');
      await waitForText(status, /^Not connected/, 120_000);
      const servers = await api(alice, 'GET', '/api/v1/me/servers');
      const connection = servers.json.find((s) => s.serverId === serverId)?.connection;
      if (connection !== null && connection?.status !== 'NOT_CONNECTED') {
        throw new Error(`connection after Disconnect: ${JSON.stringify(connection)}`);
      }
    });

    await step('the admin\'s audit page shows alice\'s connect, tool call and disconnect', async () => {
      for (const type of ['AuthorizationCompleted', 'McpRequestCompleted', 'CredentialsRevoked']) {
        const query = await api(admin, 'GET', `/api/v1/audit?user=${encodeURIComponent(aliceId)}&type=${type}`);
        expectStatus(query, 200, `GET /api/v1/audit?type=${type}`);
        if (query.json.total < 1) throw new Error(`no ${type} for alice in /api/v1/audit`);
      }
      const section = await openAdminSection(admin, 'Audit trail');
      await showAuditFor(admin, section, aliceId);
      const table = section.getByRole('table');
      for (const type of ['AuthorizationCompleted', 'McpRequestCompleted', 'CredentialsRevoked']) {
        await table.getByRole('row').filter({ hasText: type }).filter({ hasText: aliceId }).first().waitFor();
      }
      hook('admin: "Sections of this page" links, region "Audit trail", filter "Person" + "Show", rows with the type and person');
      await audit(admin, 'admin-audit');
    });

    // ---- forged requests ----------------------------------------------------------------------------
    const snapshot = async () => ({
      servers: (await api(alice, 'GET', '/api/v1/me/servers')).json,
      audit: (await api(admin, 'GET', `/api/v1/audit?user=${encodeURIComponent(aliceId)}&size=1`)).json.total,
      me: (await api(alice, 'GET', '/api/v1/me')).status,
    });

    await step('forged cross-origin POSTs with alice\'s cookie are refused and change nothing', async () => {
      const before = await snapshot();
      const authorize = `${brokerOrigin}/api/v1/connections/${serverId}/authorize`;
      const signout = `${brokerOrigin}/signout`;
      forger.page('/authorize-form', formPage(authorize, { returnUrl: `${forger.origin}/` }));
      forger.page('/authorize-fetch', fetchPage(authorize));
      forger.page('/signout-form', formPage(signout, { csrf: 'forged' }));
      forger.page('/signout-fetch', fetchPage(signout, ''));
      const page = await aliceContext.newPage();
      // another port of 127.0.0.1 is the same site (the Lax cookie goes along): only the broker's
      // own checks can refuse; localhost is another site (the browser keeps the cookie back)
      const sameSite = forger.origin;
      const crossSite = `http://localhost:${forger.port}`;
      for (const [origin, path, refusals] of [
        [sameSite, '/authorize-form', [403]],
        [sameSite, '/authorize-fetch', [403]],
        [sameSite, '/signout-form', [403]],
        [sameSite, '/signout-fetch', [403]],
        [crossSite, '/authorize-form', [401, 403]],
      ]) {
        const target = path.startsWith('/authorize') ? authorize : signout;
        const [response] = await Promise.all([
          page.waitForResponse((r) => r.url() === target && r.request().method() === 'POST'),
          page.goto(`${origin}${path}`, { waitUntil: 'commit' }),
        ]);
        const headers = await response.request().allHeaders();
        const entry = {
          from: `${origin}${path}`,
          to: target.replace(brokerOrigin, ''),
          status: response.status(),
          // the browser does not tell a no-cors fetch's headers: null then
          cookieSent: path.endsWith('-fetch') && headers.cookie === undefined ? null
            : /(^|;\s*)mcpoauth_session=/.test(headers.cookie ?? ''),
        };
        if (path.endsWith('-form')) entry.problem = await problemType(response);
        entry.clearSiteData = (await response.allHeaders())['clear-site-data'] ?? null;
        // the browser still holds alice's session cookie (a Clear-Site-Data answer would drop it)
        entry.sessionCookieKept = (await aliceContext.cookies(brokerOrigin)).some((c) => c.name === 'mcpoauth_session');
        report.forged.push(entry);
        if (!entry.sessionCookieKept) {
          throw new Error(`after the forged POST from ${origin}${path} (answered ${response.status()}, Clear-Site-Data `
            + `${entry.clearSiteData}) the browser no longer holds alice's session cookie: a foreign page signed her out`);
        }
        if (!refusals.includes(response.status())) {
          throw new Error(`forged POST from ${origin}${path} answered ${response.status()}`);
        }
      }
      await page.close();
      const after = await snapshot();
      if (!isDeepStrictEqual(before, after)) {
        throw new Error(`state changed: before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`);
      }
      return report.forged;
    }, { soft: true });

    await step('a POST with the session cookie but without (or with a wrong) X-CSRF-Token is refused', async () => {
      const before = await snapshot();
      const results = [];
      for (const token of [null, 'not-the-token']) {
        const answer = await alice.evaluate(async ({ path, csrf }) => {
          const headers = { 'Content-Type': 'application/json' };
          if (csrf) headers['X-CSRF-Token'] = csrf;
          const res = await fetch(path, { method: 'POST', headers, body: '{}' });
          return { status: res.status, body: await res.text() };
        }, { path: `/api/v1/connections/${serverId}/authorize`, csrf: token });
        const type = safeJson(answer.body)?.type ?? '';
        results.push({ token: token === null ? 'none' : 'wrong', status: answer.status, type });
        if (answer.status !== 403 || !type.endsWith(':csrf-token-invalid')) {
          throw new Error(`POST without a valid X-CSRF-Token answered ${answer.status} ${answer.body}`);
        }
      }
      const after = await snapshot();
      if (!isDeepStrictEqual(before, after)) {
        throw new Error(`state changed: before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`);
      }
      return results;
    }, { soft: true });

    // ---- sign-out -----------------------------------------------------------------------------------
    await step('sign-out ends alice\'s session: the old cookie no longer authenticates', async () => {
      const cookie = (await aliceContext.cookies(brokerOrigin)).find((c) => c.name === 'mcpoauth_session');
      if (!cookie) throw new Error('no mcpoauth_session cookie');
      if (!cookie.httpOnly || cookie.sameSite !== 'Lax') {
        throw new Error(`session cookie flags: httpOnly ${cookie.httpOnly}, sameSite ${cookie.sameSite}`);
      }
      const withOldCookie = () => fetch(`${brokerOrigin}/api/v1/me`, {
        headers: { cookie: `mcpoauth_session=${cookie.value}`, accept: 'application/json' },
        redirect: 'manual',
      });
      const beforeSignOut = await withOldCookie();
      if (beforeSignOut.status !== 200) throw new Error(`the cookie did not authenticate before sign-out: ${beforeSignOut.status}`);
      await Promise.all([
        alice.waitForURL((u) => u.pathname === '/signin' && u.searchParams.get('signedOut') === '1'),
        alice.getByRole('button', { name: /sign out/i }).click(),
      ]);
      hook('index: button /sign out/i');
      await audit(alice, 'signin-signed-out');
      const afterSignOut = await withOldCookie();
      if (afterSignOut.status !== 401) throw new Error(`GET /api/v1/me with the old cookie answered ${afterSignOut.status}`);
      await alice.goto(`${brokerOrigin}/`);
      if (new URL(alice.url()).pathname !== '/signin') throw new Error(`/ after sign-out: ${redact(alice.url())}`);
      return { oldCookieAfterSignOut: afterSignOut.status };
    });

    await step('every admin section passes axe', async () => {
      await adminSections(admin, audit);
    }, { soft: true });

    await step('a page of another site cannot sign the admin out', async () => {
      // the browser keeps the Lax cookie back from another site's POST: the broker sees nobody signed in, and
      // its answer must not make the browser drop the admin's cookie either (e.g. Clear-Site-Data)
      const signout = `${brokerOrigin}/signout`;
      forger.page('/signout-admin', formPage(signout, { csrf: 'forged' }));
      const page = await adminContext.newPage();
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url() === signout && r.request().method() === 'POST'),
        page.goto(`http://localhost:${forger.port}/signout-admin`, { waitUntil: 'commit' }),
      ]);
      const entry = {
        from: `http://localhost:${forger.port}/signout-admin`,
        to: '/signout',
        status: response.status(),
        cookieSent: /(^|;\s*)mcpoauth_session=/.test((await response.request().allHeaders()).cookie ?? ''),
        clearSiteData: (await response.allHeaders())['clear-site-data'] ?? null,
        sessionCookieKept: (await adminContext.cookies(brokerOrigin)).some((c) => c.name === 'mcpoauth_session'),
      };
      report.forged.push(entry);
      await page.close();
      const me = await api(admin, 'GET', '/api/v1/me');
      if (!entry.sessionCookieKept || me.status !== 200) {
        throw new Error(`the POST to /signout from another site (answered ${entry.status}, Clear-Site-Data `
          + `${entry.clearSiteData}) signed the admin out: cookie kept ${entry.sessionCookieKept}, /api/v1/me ${me.status}`);
      }
      return entry;
    });

    const seriousAxe = Object.values(report.axe).flatMap((entry) => ['desktop', 'phone']
      .flatMap((v) => entry[v].filter((x) => FAILING_IMPACTS.includes(x.impact))));
    if (seriousAxe.length > 0) throw new Error(`${seriousAxe.length} serious or critical axe violations (see above)`);
    // reflow (WCAG 1.4.10): no page may scroll sideways at phone width
    const sideways = Object.entries(report.axe).filter(([, entry]) => entry.phoneOverflow.scrollsSideways);
    if (sideways.length > 0) {
      throw new Error(`pages that scroll sideways at 390 px: ${sideways.map(([name, entry]) => `${name} (${entry.phoneOverflow.sticking.join('; ')})`).join(', ')}`);
    }
    if (report.pageProblems.length > 0) {
      throw new Error(`broker pages reported problems: ${JSON.stringify(report.pageProblems)}`);
    }
    report.ok = report.steps.every((s) => s.ok);
  } catch (e) {
    if (!report.steps.some((s) => !s.ok)) {
      report.steps.push({ name: 'walk', ok: false, error: redact(e?.stack ?? String(e)) });
      say(`FAIL: ${redact(e?.stack ?? e)}`);
    }
    for (const [i, { label, page }] of pages.entries()) {
      if (!page.isClosed()) {
        await page.screenshot({ path: join(out, `failure-${i}-${label}.png`), fullPage: true }).catch(() => {});
      }
    }
    const brokerLog = join(out, 'logs', 'broker.log');
    if (existsSync(brokerLog)) {
      say('last lines of the broker log:');
      console.log(readFileSync(brokerLog, 'utf8').split('\n').slice(-40).join('\n'));
    }
  } finally {
    writeReport();
    if (!stopping) {
      stopping = true;
      await cleanUp();
    }
  }
  const failedAxe = Object.entries(report.axe).flatMap(([name, entry]) => ['desktop', 'phone']
    .map((v) => [name, v, entry[v].filter((x) => FAILING_IMPACTS.includes(x.impact)).length]));
  say(`${report.steps.filter((s) => s.ok).length} of ${report.steps.length} steps passed; `
    + `axe: ${failedAxe.filter(([, , n]) => n > 0).length} page views with serious or critical violations `
    + `of ${failedAxe.length}; result in ${resultFile.replace(`${root}/`, '')}`);
  say(report.ok ? 'PASSED' : 'FAILED');
  process.exit(report.ok ? 0 : 1);
}

// ================================================================================================
// helpers

/** The PBKDF2 hash of password by the broker's own tool (it reads the password from stdin). */
function passwordHash(password) {
  const run = spawnSync(java, ['-cp', join(root, 'target', 'classes'), 'dev.mcpoauth.security.control.PasswordHashes'], {
    input: `${password}\n${password}\n`, // twice, should it ask on a console ("Repeat")
    encoding: 'utf8',
  });
  const hash = /pbkdf2-sha256\$\d+\$\S+\$\S+/.exec(run.stdout ?? '')?.[0];
  if (run.status !== 0 || !hash) throw new Error(`PasswordHashes failed (${run.status}): ${run.stderr}`);
  return hash;
}

/** fetch from inside the page (its cookie); non-GET requests carry the session's CSRF token. */
async function api(page, method, path, body) {
  return page.evaluate(async ({ method, path, body }) => {
    const headers = { Accept: 'application/json' };
    if (method !== 'GET') {
      const me = await (await fetch('/api/v1/me', { headers })).json();
      headers['X-CSRF-Token'] = me.session.csrfToken;
      headers['Content-Type'] = 'application/json';
    }
    const res = await fetch(path, { method, headers, body: method === 'GET' ? undefined : JSON.stringify(body ?? {}) });
    const text = await res.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.status, json, text };
  }, { method, path, body });
}

function expectStatus(answer, status, what) {
  if (answer.status !== status) throw new Error(`${what} answered ${answer.status}: ${answer.text}`);
}

function safeJson(text) {
  try { return JSON.parse(text); } catch { return null; }
}

async function problemType(response) {
  try {
    return safeJson(await response.text())?.type ?? null;
  } catch {
    return null; // a body the browser no longer holds
  }
}

/**
 * Presses Tab until the element has the focus (at most max times), and checks that the focus is
 * visible there (an outline or a box shadow: WCAG 2.4.7).
 */
async function tabTo(page, locator, max = 30) {
  const target = await locator.first().elementHandle();
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) {
      const visible = await target.evaluate((el) => {
        const style = getComputedStyle(el);
        return (style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
      });
      if (!visible) throw new Error(`no visible focus on ${await target.evaluate((el) => el.outerHTML.slice(0, 120))}`);
      return;
    }
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab did not reach ${await target.evaluate((el) => el.outerHTML.slice(0, 120))} in ${max} presses`);
}

/** Polls the locator's text until it matches (the status words change on their own). */
async function waitForText(locator, pattern, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let last = null;
  for (;;) {
    last = await locator.textContent({ timeout: 5_000 }).then((t) => t?.trim() ?? null, () => null);
    if (last !== null && pattern.test(last)) return last;
    if (Date.now() > deadline) throw new Error(`expected text ${pattern}, last seen ${JSON.stringify(last)}`);
    await sleep(250);
  }
}

function signInForm(page) {
  return {
    username: page.getByLabel(/user ?name/i),
    password: page.getByLabel(/password/i),
    submit: page.getByRole('button', { name: /sign in/i }),
  };
}

function oidcLink(page) {
  return page.locator('a[href^="/signin/oidc"]').first();
}

/**
 * Goes through oidc-provider's interaction pages (devInteractions: any login name is the account
 * id; the consent page grants what the client asked for) until the browser is back at the broker.
 * Returns the pages seen, e.g. ['login', 'consent'].
 */
async function throughAuthorizationServer(page, asIssuer, brokerOrigin, login) {
  const seen = [];
  for (let i = 0; i < 6; i++) {
    await page.waitForURL((u) => u.href.startsWith(`${asIssuer}/interaction/`) || u.origin === brokerOrigin,
      { timeout: 120_000, waitUntil: 'domcontentloaded' });
    if (new URL(page.url()).origin === brokerOrigin) return seen;
    const loginField = page.locator('input[name="login"]');
    const consent = page.getByRole('button', { name: 'Continue' });
    await loginField.or(consent).first().waitFor();
    if (await loginField.count() > 0) {
      seen.push('login');
      await loginField.fill(login);
      await page.locator('input[name="password"]').fill('any password: devInteractions accepts it');
      await page.getByRole('button', { name: 'Sign-in' }).click();
      await loginField.waitFor({ state: 'detached', timeout: 120_000 });
    } else {
      seen.push('consent');
      await consent.click();
      await consent.waitFor({ state: 'detached', timeout: 120_000 });
    }
  }
  throw new Error(`still at the authorization server after ${seen.join(', ')}: ${redact(page.url())}`);
}

/** Confirms in the page's own dialog (role dialog), should it ask within 15 s. */
async function confirmIfAsked(page, name) {
  const dialog = page.getByRole('dialog');
  const asked = await dialog.first().waitFor({ timeout: 15_000 }).then(() => true, () => false);
  if (asked) await dialog.first().getByRole('button', { name }).click();
  return asked;
}

/** Adds a server through the admin form; returns its id (from the POST's answer). */
async function addServer(page, { name, url }) {
  const section = await openAdminSection(page, 'Servers');
  await section.getByRole('button', { name: /add a server/i }).click();
  const form = page.locator('form').filter({ has: page.getByLabel('Name', { exact: true }) })
    .filter({ has: page.getByLabel(/^url/i) }).first();
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByLabel(/^url/i).fill(url);
  await selectIfPresent(form, /^(sign-in|auth(entication)? mode)$/i, 'OAUTH2');
  await selectIfPresent(form, /^(connections|connection mode)$/i, 'PER_USER');
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/servers' && r.request().method() === 'POST',
      { timeout: 180_000 }),
    form.getByRole('button', { name: /^(save|add|create)/i }).first().click(),
  ]);
  const body = safeJson(await response.text());
  if (response.status() !== 201 && response.status() !== 200) {
    throw new Error(`POST /api/v1/servers answered ${response.status()}: ${JSON.stringify(body)}`);
  }
  return body.id ?? body.serverId;
}

async function selectIfPresent(scope, label, value) {
  const field = scope.getByLabel(label);
  if (await field.count() === 0) return;
  const first = field.first();
  const tag = await first.evaluate((el) => el.tagName.toLowerCase());
  if (tag === 'select') {
    await first.selectOption(value).catch(async () => first.selectOption({ label: new RegExp(value.replace('_', '.'), 'i') }));
  } else if ((await first.getAttribute('type')) === 'radio') {
    await scope.getByLabel(new RegExp(value.replace('_', '.'), 'i')).first().check();
  }
}

/**
 * The admin page's section named name (its heading): follows the page's own link to it in the
 * "Sections of this page" navigation and returns the region.
 */
async function openAdminSection(page, name) {
  await page.getByRole('navigation', { name: /sections/i }).getByRole('link', { name, exact: true }).click();
  const region = page.getByRole('region', { name, exact: true }).first();
  await region.waitFor();
  return region;
}

/** Filters the audit section by person and waits for its table to show that. */
async function showAuditFor(page, section, userId) {
  await section.getByLabel(/^(person|user)$/i).fill(userId);
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/audit'
      && new URL(r.url()).searchParams.get('user') === userId),
    section.getByRole('button', { name: /^(show|filter|apply)\b/i }).click(),
  ]);
  if (response.status() !== 200) throw new Error(`the audit filter's GET answered ${response.status()}`);
}

async function tryItPanel(page) {
  const region = page.getByRole('region', { name: /try it/i }).first();
  await region.waitFor();
  return region;
}

/** Picks the tool (a radio button, or an option of a select labelled Tool) and calls it. */
async function callTool(page, panel, tool, argumentsJson) {
  const radio = panel.getByRole('radio', { name: new RegExp(`^${tool}(\\s|$)`) });
  if (await radio.count() > 0) {
    await radio.first().check();
  } else {
    await panel.getByLabel(/^tool$/i).first().selectOption(tool);
  }
  await panel.getByLabel(/arguments/i).first().fill(argumentsJson);
  await panel.getByRole('button', { name: /^call$/i }).first().click();
}

/** axe and screenshots of every admin section (tabs, or the regions the page has). */
async function adminSections(page, audit) {
  const tabs = page.getByRole('tab');
  const count = await tabs.count();
  if (count > 0) {
    for (let i = 0; i < count; i++) {
      const tab = tabs.nth(i);
      const name = (await tab.textContent()).trim().toLowerCase().replace(/[^a-z0-9]+/g, '-');
      await tab.click();
      await settle(page);
      await audit(page, `admin-${name}`);
    }
    return;
  }
  const sections = page.locator('main section');
  const n = await sections.count();
  for (let i = 0; i < n; i++) {
    const section = sections.nth(i);
    const heading = (await section.getByRole('heading', { level: 2 }).first().textContent().catch(() => `section-${i}`)).trim();
    const name = heading.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    await audit(page, `admin-${name}`, { prepare: async () => section.scrollIntoViewIfNeeded() });
  }
}
