// Runs every client authorization scenario (auth/*) that a conformance suite's `list --client` names,
// one `client --scenario` process each, a few at a time, against the broker run.sh started.
// Scenarios tagged 2026-07-28 run at that revision's wire (--spec-version 2026-07-28); the others
// (2025-03-26 back-compat, extensions) at the suite's default, as they are not on that timeline.
//
//   node alpha.mjs <suite-cli.js> <output-dir> <expected-failures.yaml>
//
// Environment: CONFORMANCE_TIMEOUT_MS (per scenario), CONFORMANCE_PARALLEL (processes at once),
// CONFORMANCE_SCENARIOS (a regular expression to run fewer). Exit 1 when any scenario's baseline
// check failed (an unexpected failure, or a baseline entry that now passes).
import {spawn, spawnSync} from 'node:child_process';
import {createWriteStream, mkdirSync} from 'node:fs';
import path from 'node:path';

const [cli, outputDir, expectedFailures] = process.argv.slice(2);
const REVISION = '2026-07-28';
const timeout = process.env.CONFORMANCE_TIMEOUT_MS ?? '180000';
const parallel = Number(process.env.CONFORMANCE_PARALLEL ?? '4');
const only = new RegExp(process.env.CONFORMANCE_SCENARIOS ?? '.');

const listed = spawnSync(process.execPath, [cli, 'list', '--client'], {encoding: 'utf8'});
if (listed.status !== 0) {
    console.error(listed.stderr);
    process.exit(1);
}
const scenarios = [...listed.stdout.matchAll(/^\s+- (auth\/\S+) \[([^\]]*)\]$/gm)]
    .map(([, name, tags]) => ({name, atRevision: tags.split(',').includes(REVISION)}))
    .filter(({name}) => only.test(name));
if (scenarios.length === 0) {
    console.error('no auth/* scenario listed');
    process.exit(1);
}
const logs = path.join(outputDir, 'logs');
mkdirSync(logs, {recursive: true});
console.log(`Running ${scenarios.length} auth scenarios, ${parallel} at a time`);

function run({name, atRevision}) {
    const args = [cli, 'client', '--command', 'sh conformance/client.sh', '--scenario', name,
        '--timeout', timeout, '-o', outputDir, '--expected-failures', expectedFailures,
        ...(atRevision ? ['--spec-version', REVISION] : [])];
    const log = createWriteStream(path.join(logs, name.replaceAll('/', '_') + '.log'));
    const started = Date.now();
    return new Promise(resolve => {
        const child = spawn(process.execPath, args, {stdio: ['ignore', 'pipe', 'pipe']});
        child.stdout.pipe(log, {end: false});
        child.stderr.pipe(log, {end: false});
        child.on('close', code => {
            log.end();
            const seconds = ((Date.now() - started) / 1000).toFixed(1);
            console.log(`${code === 0 ? '✓' : '✗'} ${name} (${atRevision ? REVISION : 'default'} wire, `
                + `baseline check exit ${code}, ${seconds} s)`);
            resolve(code);
        });
    });
}

const queue = [...scenarios];
const codes = [];
await Promise.all(Array.from({length: Math.max(1, parallel)}, async () => {
    while (queue.length > 0) {
        codes.push(await run(queue.shift()));
    }
}));
process.exit(codes.every(code => code === 0) ? 0 : 1);
