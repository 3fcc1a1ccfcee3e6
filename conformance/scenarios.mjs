// Runs a conformance suite's client authorization scenarios against the broker run.sh started,
// ONE AT A TIME (a busy two-core machine turned 14 scenarios at once into time-outs), one
// `client --scenario` process per scenario and wire, and records each run for report.mjs.
//
//   node scenarios.mjs <version> <suite-cli.js> <output-dir> [scenario ...]
//
// Which scenarios, at which wire (the suite's `list --client` tags say which revisions a scenario
// belongs to):
// - 0.1.16: its `--suite auth`, i.e. every auth/* scenario tagged 2025-06-18 or 2025-11-25 (the
//   back-compat, draft and extension ones are other suites), at the suite's default wire.
// - later versions: every auth/* scenario; those tagged 2026-07-28 at `--spec-version 2026-07-28`
//   AND at `--spec-version 2025-11-25` (with `--force` where the suite introduced the scenario
//   only in 2026-07-28: its authorization checks do not depend on the wire, and the broker speaks
//   both), the extensions (tagged `extension`: DPoP, client credentials, ...; they apply to both
//   revisions) at both as well, forced at each, the others (2025-03-26 back-compat) at the suite's
//   default.
// Named scenarios (the warm-up) run at the suite's default wire.
//
// Output: <output-dir>/<wire>/ holds the suite's <scenario>-<time>/checks.json, stdout.txt,
// stderr.txt, launcher/<scenario>.json (what client.mjs did) and logs/<scenario>.log (the suite's
// console); <output-dir>/runs.json lists every run with its wire, exit code and seconds.
//
// Environment: CONFORMANCE_TIMEOUT_MS (per scenario), CONFORMANCE_SCENARIOS (a regular expression
// of scenarios to run). Exit 0 when every run ended (the verdicts are report.mjs's), 1 on an
// error of this script or the suite's list.
import {spawn, spawnSync} from 'node:child_process';
import {createWriteStream, mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';

const [version, cli, outputDir, ...named] = process.argv.slice(2);
const STABLE = '0.1.16';
const CURRENT = '2026-07-28';
const PREVIOUS = '2025-11-25';
const timeout = process.env.CONFORMANCE_TIMEOUT_MS ?? '180000';
const only = new RegExp(process.env.CONFORMANCE_SCENARIOS ?? '.');

function listed() {
    const answer = spawnSync(process.execPath, [cli, 'list', '--client'], {encoding: 'utf8'});
    if (answer.status !== 0) {
        console.error(answer.stderr);
        process.exit(1);
    }
    return [...answer.stdout.matchAll(/^\s+- (auth\/\S+) \[([^\]]*)\]$/gm)]
        .map(([, name, tags]) => ({name, tags: tags.split(',')}));
}

/** [{scenario, wire, args}]: wire is the --spec-version asked for, or 'default'. */
function plan() {
    if (named.length > 0) {
        return named.map(scenario => ({scenario, wire: 'default', args: []}));
    }
    const runs = [];
    for (const {name, tags} of listed().filter(({name}) => only.test(name))) {
        if (version === STABLE) {
            if (tags.includes('2025-06-18') || tags.includes(PREVIOUS)) {
                runs.push({scenario: name, wire: 'default', args: []});
            }
        } else if (tags.includes(CURRENT) || tags.includes('extension')) {
            // the suite runs an extension at a --spec-version only when forced
            const atCurrent = tags.includes(CURRENT);
            runs.push({scenario: name, wire: CURRENT, forced: !atCurrent,
                args: ['--spec-version', CURRENT, ...(atCurrent ? [] : ['--force'])]});
            const atPrevious = tags.includes(PREVIOUS) || tags.includes('2025-06-18');
            runs.push({scenario: name, wire: PREVIOUS, forced: !atPrevious,
                args: ['--spec-version', PREVIOUS, ...(atPrevious ? [] : ['--force'])]});
        } else {
            runs.push({scenario: name, wire: 'default', args: []});
        }
    }
    return runs;
}

const slug = scenario => scenario.replaceAll('/', '_');

function run({scenario, wire, forced, args}) {
    const wireDir = path.join(outputDir, wire);
    const launcherDir = path.join(wireDir, 'launcher');
    const logs = path.join(wireDir, 'logs');
    mkdirSync(launcherDir, {recursive: true});
    mkdirSync(logs, {recursive: true});
    const log = createWriteStream(path.join(logs, slug(scenario) + '.log'));
    const started = Date.now();
    const env = {...process.env, CONFORMANCE_RESULT_DIR: path.resolve(launcherDir),
        CONFORMANCE_SUITE: version, CONFORMANCE_WIRE: wire};
    return new Promise(resolve => {
        const child = spawn(process.execPath, [cli, 'client', '--command', 'sh conformance/client.sh',
            '--scenario', scenario, '--timeout', timeout, '-o', wireDir, ...args],
        {stdio: ['ignore', 'pipe', 'pipe'], env});
        let output = '';
        const keep = chunk => {
            output += chunk;
            log.write(chunk);
        };
        child.stdout.on('data', keep);
        child.stderr.on('data', keep);
        child.on('close', code => {
            log.end();
            const seconds = Number(((Date.now() - started) / 1000).toFixed(1));
            resolve({suite: version, scenario, wire, forced: !!forced, exitCode: code, seconds,
                skipped: /^SKIPPED: /m.test(output), timedOut: /Client timed out after/.test(output),
                launcher: path.join(wire, 'launcher', slug(scenario) + '.json')});
        });
    });
}

const runs = plan();
if (runs.length === 0) {
    console.error(`conformance ${version}: no auth/* scenario to run`);
    process.exit(1);
}
console.log(`conformance: ${version}, ${runs.length} runs, one at a time`);
const done = [];
for (const planned of runs) {
    const result = await run(planned);
    done.push(result);
    const wire = planned.wire + (planned.forced ? ' (forced)' : '');
    console.log(`  ${planned.scenario.padEnd(44)} ${wire.padEnd(21)} ${String(result.seconds).padStart(6)} s`
        + `${result.timedOut ? '  TIMED OUT' : ''}${result.skipped ? '  SKIPPED by the suite' : ''}`);
}
mkdirSync(outputDir, {recursive: true});
writeFileSync(path.join(outputDir, 'runs.json'), JSON.stringify(done, null, 2) + '\n');
