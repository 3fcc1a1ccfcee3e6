// Summarises one conformance run from the checks.json files the suite wrote (-o <dir>): per scenario
// passed or failed (any FAILURE or WARNING fails, as in the suite), the failing check ids, and
// whether the expected-failures baseline lists it.
//
//   node summary.mjs <version> <output-dir> <expected-failures.yaml>
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const YAML = require('yaml');

const [version, outputDir, expectedFile] = process.argv.slice(2);
const expected = (YAML.parse(readFileSync(expectedFile, 'utf8')) ?? {}).client ?? [];
const expectedScenarios = new Set(expected.filter(entry => !String(entry).includes(':')).map(String));
const expectedChecks = new Set(expected.filter(entry => String(entry).includes(':')).map(String));

function checkFiles(dir) {
    let found = [];
    for (const entry of readdirSync(dir)) {
        const file = path.join(dir, entry);
        if (statSync(file).isDirectory()) {
            found = found.concat(checkFiles(file));
        } else if (entry === 'checks.json') {
            found.push(file);
        }
    }
    return found;
}

const rows = [];
for (const file of checkFiles(outputDir)) {
    const scenario = path.relative(outputDir, path.dirname(file)).split(path.sep).join('/')
        .replace(/-\d{4}-\d{2}-\d{2}T[\d-]+Z$/, '');
    const checks = JSON.parse(readFileSync(file, 'utf8'));
    const bad = checks.filter(check => check.status === 'FAILURE' || check.status === 'WARNING');
    const passed = checks.filter(check => check.status === 'SUCCESS').length;
    const isExpected = expectedScenarios.has(scenario)
        || (bad.length > 0 && bad.every(check => expectedChecks.has(`${scenario}:${check.id}`)));
    rows.push({scenario, passed, bad, isExpected});
}
rows.sort((a, b) => a.scenario.localeCompare(b.scenario));

console.log(`\nMCP conformance ${version}, client authorization scenarios:`);
for (const {scenario, passed, bad, isExpected} of rows) {
    const mark = bad.length === 0 ? '✓' : isExpected ? '~' : '✗';
    const detail = bad.length === 0 ? `${passed} checks passed`
        : bad.map(check => `${check.status === 'WARNING' ? 'WARNING ' : ''}${check.id}`).join(', ')
            + (isExpected ? ' (expected)' : '');
    console.log(`  ${mark} ${scenario.padEnd(44)} ${detail}`);
}
const failed = rows.filter(row => row.bad.length > 0);
const unexpected = failed.filter(row => !row.isExpected);
console.log(`  ${version}: ${rows.length - failed.length} of ${rows.length} scenarios passed; `
    + `${failed.length - unexpected.length} expected failures, ${unexpected.length} unexpected`);
