// The verdict of a conformance run: per suite, scenario and wire the suite's checks (passed,
// failed, warnings), what the launcher's MCP calls through the broker did, the expected outcome
// and the verdict; as target/conformance/report.md and report.json, and printed.
//
//   node report.mjs <output-dir> <version>=<expected-failures.yaml> ...
//
// A run passes when no check failed or warned (a WARNING fails, as in the suite), the launcher
// finished, and its tools/call of test-tool succeeded where the client is expected to succeed, or
// did not succeed where client-must-refuse.yaml says the client must refuse. Expected-failures
// entries (see README.md) turn listed problems into "expected"; an entry whose problem is gone is
// "STALE". Exit 1 when any run FAILED or is STALE, or an entry matches no run of a full run.
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const require = createRequire(import.meta.url);
const YAML = require('yaml');
const here = path.dirname(fileURLToPath(import.meta.url));

const [outputDir, ...suiteArgs] = process.argv.slice(2);
const suites = suiteArgs.map(arg => {
    const eq = arg.indexOf('=');
    return {version: arg.slice(0, eq), expectedFile: arg.slice(eq + 1)};
});
const filtered = !!process.env.CONFORMANCE_SCENARIOS;
const mustRefuse = YAML.parse(readFileSync(path.join(here, 'client-must-refuse.yaml'), 'utf8')) ?? {};
const notes = [];

/** Entries `<scenario>[@<wire>][:<check-id>]`, each with its reason. */
function expectedFailures(file) {
    const entries = (YAML.parse(readFileSync(file, 'utf8')) ?? {}).client ?? [];
    return entries.map(entry => {
        if (!entry || typeof entry.id !== 'string' || typeof entry.reason !== 'string' || !entry.reason.trim()) {
            throw new Error(`${file}: every entry needs an id and a reason: ${JSON.stringify(entry)}`);
        }
        const match = /^([^@:\s]+)(?:@([^:\s]+))?(?::(\S+))?$/.exec(entry.id);
        if (!match) {
            throw new Error(`${file}: '${entry.id}' is not <scenario>[@<wire>][:<check-id>]`);
        }
        const [, scenario, wire, check] = match;
        return {id: entry.id, scenario, wire: wire ?? null, check: check ?? null, reason: entry.reason.trim(), used: false};
    });
}

function checksOf(wireDir, scenario) {
    const parent = path.join(wireDir, path.dirname(scenario));
    if (!existsSync(parent)) {
        return null;
    }
    const prefix = path.basename(scenario) + '-';
    const dirs = readdirSync(parent)
        .filter(name => name.startsWith(prefix) && /^\d{4}-\d{2}-\d{2}T[\d-]+Z$/.test(name.slice(prefix.length)))
        .sort();
    const file = dirs.length ? path.join(parent, dirs.at(-1), 'checks.json') : null;
    return file && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}

function readJson(file) {
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}

const slug = type => (type ?? '').replace(/^.*[:/]/, '');

function callCell(step) {
    if (!step || !step.attempted) {
        return 'not reached';
    }
    if (step.ok) {
        return 'ok';
    }
    if (step.isError) {
        return 'isError';
    }
    return `failed ${step.status ?? ''} ${slug(step.problemType)}`.trim();
}

function judge(run, entries) {
    const checks = checksOf(path.join(outputDir, run.suite, run.wire), run.scenario);
    const launcher = readJson(path.join(outputDir, run.suite, run.launcher));
    const expect = Object.hasOwn(mustRefuse, run.scenario) ? 'refuse' : 'succeed';
    const count = status => (checks ?? []).filter(check => check.status === status).length;
    const problems = [];
    if (run.skipped) {
        problems.push({id: 'not-run', text: 'the suite skipped it at this wire'});
    } else if (!checks) {
        problems.push({id: 'no-checks', text: 'the suite wrote no checks.json'});
    }
    for (const check of (checks ?? []).filter(c => c.status === 'FAILURE' || c.status === 'WARNING')) {
        problems.push({id: check.id, text: `${check.status} ${check.id}`});
    }
    if (!launcher) {
        problems.push({id: 'launcher', text: 'the launcher wrote no result'});
    } else if (!launcher.finished) {
        problems.push({id: 'launcher', text: `the launcher did not finish${run.timedOut ? ' (timed out)' : ''}`});
    }
    const call = launcher?.toolsCall;
    if (expect === 'succeed' && !call?.ok) {
        problems.push({id: 'tools-call', text: `tools/call ${callCell(call)}`});
    } else if (expect === 'refuse' && call?.ok) {
        problems.push({id: 'tools-call', text: 'tools/call succeeded although the client must refuse'});
    } else if (expect === 'refuse' && launcher?.finished) {
        // the refusal must be the authorization's (a sign-in refused, or an authorization problem
        // such as insufficient-scope), not an MCP exchange that failed before the scenario's point
        const first = [launcher.toolsList, call].find(step => step?.attempted && !step.ok);
        if (first && (!first.problemType || /^mcp-/.test(slug(first.problemType)))) {
            problems.push({id: 'tools-call', text: `refused for another reason: ${first === call ? 'tools/call' : 'tools/list'} `
                + callCell(first)});
        }
    }

    const applying = entries.filter(e => e.scenario === run.scenario && (e.wire === null || e.wire === run.wire));
    applying.forEach(e => e.used = true);
    const whole = applying.filter(e => e.check === null);
    const listedChecks = new Set(applying.filter(e => e.check !== null).map(e => e.check));
    const problemIds = new Set(problems.map(p => p.id));
    const unexpected = whole.length ? [] : problems.filter(p => !listedChecks.has(p.id));
    const stale = whole.length ? (problems.length ? [] : whole.map(e => e.id))
        : applying.filter(e => e.check !== null && !problemIds.has(e.check)).map(e => e.id);
    const verdict = unexpected.length ? 'FAIL' : stale.length ? 'STALE'
        : problems.length ? 'expected failure' : 'pass';
    return {
        suite: run.suite,
        scenario: run.scenario,
        wire: run.wire,
        forced: run.forced,
        protocolVersion: launcher?.protocolVersion ?? null,
        seconds: run.seconds,
        checks: {passed: count('SUCCESS'), failed: count('FAILURE'), warnings: count('WARNING')},
        signIns: launcher?.signIns ?? null,
        toolsList: launcher?.toolsList ?? null,
        toolsCall: call ?? null,
        expected: expect,
        verdict,
        problems: problems.map(p => p.text),
        unexpected: unexpected.map(p => p.text),
        stale,
        expectedBy: applying.map(e => ({id: e.id, reason: e.reason})),
    };
}

/** The suite's own allowClientError marks, to notice when client-must-refuse.yaml falls behind. */
function crossCheck(version) {
    const bundle = path.join(here, 'node_modules', version.startsWith('0.1.') ? 'conformance-stable' : 'conformance-alpha',
        'dist', 'index.js');
    if (!existsSync(bundle)) {
        return;
    }
    const text = readFileSync(bundle, 'utf8');
    const marked = new Set();
    for (const match of text.matchAll(/this\.name=`(auth\/[a-z0-9-]+)`/g)) {
        const end = text.indexOf('start(', match.index);
        if (text.slice(match.index, end < 0 ? undefined : end).includes('this.allowClientError=!0')) {
            marked.add(match[1]);
        }
    }
    return marked;
}

const rows = [];
const unused = [];
for (const {version, expectedFile} of suites) {
    const runs = readJson(path.join(outputDir, version, 'runs.json'));
    if (!runs) {
        continue;
    }
    const entries = expectedFailures(expectedFile);
    for (const run of runs) {
        rows.push(judge(run, entries));
    }
    unused.push(...entries.filter(e => !e.used).map(e => `${version}: ${e.id}`));
    const marked = crossCheck(version);
    const ran = new Set(runs.map(run => run.scenario));
    for (const scenario of marked ?? []) {
        if (ran.has(scenario) && !Object.hasOwn(mustRefuse, scenario)) {
            notes.push(`${version} marks ${scenario} allowClientError; client-must-refuse.yaml does not list it`);
        }
    }
    for (const scenario of Object.keys(mustRefuse)) {
        if (ran.has(scenario) && marked && !marked.has(scenario)) {
            notes.push(`client-must-refuse.yaml lists ${scenario}; ${version} does not mark it allowClientError`);
        }
    }
}

const wireCell = row => row.wire === 'default'
    ? `default${row.protocolVersion ? ` (${row.protocolVersion})` : ''}`
    : `${row.wire}${row.forced ? ' (forced)' : ''}`;
const mark = {pass: '✓', 'expected failure': '~', FAIL: '✗', STALE: '✗'};
const detail = row => {
    const expected = row.problems.filter(p => !row.unexpected.includes(p));
    return [row.unexpected.join('; '), row.stale.length ? `stale: ${row.stale.join(', ')}` : '',
        expected.length ? `expected: ${expected.join('; ')}` : ''].filter(Boolean).join(' | ');
};

const header = ['suite', 'scenario', 'wire', 'passed', 'failed', 'warnings', 'tools/list', 'tools/call', 'expected', 'verdict', 's', 'detail'];
const cells = rows.map(row => [row.suite, row.scenario, wireCell(row), row.checks.passed, row.checks.failed, row.checks.warnings,
    callCell(row.toolsList), callCell(row.toolsCall), row.expected === 'succeed' ? 'call ok' : 'refuse',
    `${mark[row.verdict]} ${row.verdict}`, row.seconds, detail(row)].map(String));

const tally = {};
for (const row of rows) {
    const key = `${row.suite} ${row.wire === 'default' ? 'default' : row.wire}`;
    tally[key] ??= {runs: 0, pass: 0, expected: 0, fail: 0, stale: 0, warnings: 0, callOk: 0};
    const t = tally[key];
    t.runs++;
    t.warnings += row.checks.warnings;
    t.callOk += row.toolsCall?.ok ? 1 : 0;
    t[{pass: 'pass', 'expected failure': 'expected', FAIL: 'fail', STALE: 'stale'}[row.verdict]]++;
}
const totals = Object.entries(tally).map(([key, t]) => `${key}: ${t.pass} of ${t.runs} passed, ${t.expected} expected `
    + `failures, ${t.fail} failed, ${t.stale} stale; tools/call ok in ${t.callOk}; ${t.warnings} warnings`);
if (unused.length) {
    (filtered ? notes : []).push(...unused.map(id => `expected-failures entry ${id} matches no run (filtered run)`));
}
const unusedErrors = filtered ? [] : unused.map(id => `expected-failures entry ${id} matches no run: remove it`);

const escape = cell => cell.replaceAll('|', '\\|');
const markdown = [
    '# MCP conformance: the broker as an MCP client',
    '',
    'A run passes when no check failed or warned, the launcher finished, and its `tools/call` of',
    '`test-tool` through the broker succeeded (expected `call ok`) or did not (expected `refuse`).',
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...cells.map(row => `| ${row.map(escape).join(' | ')} |`),
    '',
    ...totals.map(line => `- ${line}`),
    ...unusedErrors.map(line => `- ✗ ${line}`),
    ...notes.map(line => `- note: ${line}`),
    '',
].join('\n');
writeFileSync(path.join(outputDir, 'report.md'), markdown);
writeFileSync(path.join(outputDir, 'report.json'),
    JSON.stringify({runs: rows, totals: tally, unusedEntries: filtered ? [] : unused, notes}, null, 2) + '\n');

const widths = header.slice(0, -1).map((h, i) => Math.max(h.length, ...cells.map(row => row[i].length)));
const line = row => row.slice(0, -1).map((cell, i) => i >= 3 && i <= 5 || i === 10 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))
    .join('  ') + (row.at(-1) ? `  ${row.at(-1)}` : '');
console.log(`\nMCP conformance report (${path.join(outputDir, 'report.md')}):`);
console.log(line(header));
cells.forEach(row => console.log(line(row)));
[...totals, ...unusedErrors, ...notes.map(n => `note: ${n}`)].forEach(l => console.log(l));
const failed = rows.some(row => row.verdict === 'FAIL' || row.verdict === 'STALE') || unusedErrors.length > 0;
process.exit(failed || rows.length === 0 ? 1 : 0);
