// Per page: a screenshot at desktop and at phone width, and an axe-core check at each width.
// axe is evaluated through the DevTools protocol (page.evaluate of its source), which the pages'
// Content-Security-Policy (script-src 'self') does not govern, so the pages keep their real CSP
// for the whole walk and a CSP violation of their own still shows (see watchPage).

import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const VIEWPORTS = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 390, height: 844 },
};
export const FAILING_IMPACTS = ['serious', 'critical'];

/** Two animation frames: layout and paint have caught up with a resize or a DOM change. */
export async function settle(page) {
  await page.evaluate(() => new Promise((resolve) => {
    requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
  }));
}

/**
 * Screenshots (target/screenshots/<name>-desktop.png, -phone.png) and axe violations at both
 * widths, recorded in report.axe[name]; leaves the page at desktop width. `prepare` runs after
 * each resize (e.g. to scroll a section into view).
 */
export async function auditPage(page, name, report, { screenshotDir, prepare } = {}) {
  mkdirSync(screenshotDir, { recursive: true });
  const entry = { url: redact(page.url()) };
  for (const [viewportName, size] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(size);
    await settle(page);
    if (prepare) await prepare(page);
    await settle(page);
    const file = join(screenshotDir, `${name}-${viewportName}.png`);
    await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
    report.screenshots.push(file);
    entry[viewportName] = await axe(page);
    entry[`${viewportName}Overflow`] = await overflow(page);
  }
  await page.setViewportSize(VIEWPORTS.desktop);
  report.axe[name] = entry;
  const failing = ['desktop', 'phone'].flatMap((v) => entry[v]
    .filter((violation) => FAILING_IMPACTS.includes(violation.impact))
    .map((violation) => `${v}: ${violation.id} (${violation.impact}) ${violation.help} at ${violation.targets.join(', ')}`));
  return failing;
}

/**
 * Reflow (WCAG 1.4.10): whether the page scrolls sideways at this width, and the visible elements
 * that stick out past the viewport's right edge (the innermost ones, at most 10).
 */
export async function overflow(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const sticking = [];
    for (const el of document.body.querySelectorAll('*')) {
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0 || rect.right <= width + 1) continue;
      if ([...el.children].some((child) => child.getBoundingClientRect().right > width + 1)) continue;
      const clipped = el.closest('.table-wrap, pre, [role=region][tabindex]');
      if (clipped && clipped !== el && clipped.getBoundingClientRect().right <= width + 1) continue; // scrolls inside its box
      const name = (node) => `${node.tagName.toLowerCase()}${node.id ? `#${node.id}` : ''}`
        + (typeof node.className === 'string' && node.className.trim() ? `.${node.className.trim().split(/\s+/).join('.')}` : '');
      const text = (el.textContent ?? '').trim().slice(0, 60);
      sticking.push(`${el.parentElement ? `${name(el.parentElement)} > ` : ''}${name(el)} "${text}": right ${Math.round(rect.right)} > ${width}`);
      if (sticking.length === 10) break;
    }
    return { scrollsSideways: document.documentElement.scrollWidth > width + 1, sticking };
  });
}

/** axe-core's violations on the page as it is now (all rules axe runs by default). */
export async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(axeSource);
  }
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      tags: v.tags,
      targets: v.nodes.map((n) => n.target.join(' ')),
      html: v.nodes.slice(0, 3).map((n) => n.html.slice(0, 200)),
    }));
  });
  return violations;
}

/**
 * Records on report.pageProblems what a broker page reports on its console about a
 * Content-Security-Policy refusal, and its uncaught errors. A flow id, code or state in a URL is
 * not recorded (redact).
 */
export function watchPage(page, brokerOrigin, report, label) {
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' && /Content Security Policy/i.test(text) && page.url().startsWith(brokerOrigin)) {
      report.pageProblems.push({ page: label, url: redact(page.url()), kind: 'csp', text: redact(text) });
    }
  });
  page.on('pageerror', (error) => {
    if (page.url().startsWith(brokerOrigin)) {
      report.pageProblems.push({ page: label, url: redact(page.url()), kind: 'uncaught', text: redact(String(error)) });
    }
  });
}

/** A URL or text without query values that could be secrets (code, state, flow ids in paths). */
export function redact(text) {
  return String(text)
    .replace(/([?&](?:code|state|iss|session_state)=)[^&\s"']+/g, '$1…')
    .replace(/(\/oauth\/start\/)[^/?#\s"']+/g, '$1…')
    .replace(/(\/(?:interaction|auth)\/)[A-Za-z0-9_-]{8,}/g, '$1…');
}
