// Another origin on 127.0.0.1 serving the pages of a forger: an auto-submitting form and a
// credentialed fetch that POST to the broker with whatever cookie the browser holds for it. A page
// on another port is same-site but cross-origin (cookies carry no port: SameSite=Lax still sends
// the session cookie), the strongest case for the broker's own checks (Origin, CSRF token).

import { createServer } from 'node:http';

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A form that posts itself to action on load, with the given fields (urlencoded). */
export function formPage(action, fields = {}) {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Win a prize</title></head>
<body><form id="f" method="post" action="${escapeHtml(action)}">${inputs}</form>
<script>document.getElementById('f').submit();</script></body></html>`;
}

/**
 * A page that sends a credentialed POST to url as a simple request (no preflight: text/plain,
 * mode no-cors, so the browser does send it and only hides the answer), then sets its title to
 * "sent" (or "error: ...").
 */
export function fetchPage(url, body = '{}') {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>loading</title></head>
<body><script>
fetch(${JSON.stringify(url)}, { method: 'POST', credentials: 'include', mode: 'no-cors',
  headers: { 'Content-Type': 'text/plain' }, body: ${JSON.stringify(body)} })
  .then(() => { document.title = 'sent'; }, (e) => { document.title = 'error: ' + e.message; });
</script></body></html>`;
}

/** Starts the forger's server on 127.0.0.1 (port 0: any). */
export async function startForger(port = 0) {
  const pages = new Map();
  const server = createServer((req, res) => {
    const html = pages.get(new URL(req.url, 'http://x').pathname);
    if (req.method !== 'GET' || html === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const actual = server.address().port;
  return {
    port: actual,
    origin: `http://127.0.0.1:${actual}`,
    page(path, html) { pages.set(path, html); },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
