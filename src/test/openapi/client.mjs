// Generates a typed client from an OpenAPI document and runs the smoke script with it:
//   node client.mjs <openapi.json>   (BROKER_URL, BROKER_ADMIN, BROKER_USER for the run)
// 1. openapi-typescript writes target/openapi/api.d.ts from the document;
// 2. tsc --strict type-checks smoke.mts against it (a call the document does not allow fails here)
//    and compiles it to target/openapi/smoke/;
// 3. node runs it against the broker.
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, "../../../target/openapi");
const document = process.argv[2];
if (!document) {
  console.error("usage: node client.mjs <openapi.json>");
  process.exit(2);
}
fs.mkdirSync(out, { recursive: true });
const ast = await openapiTS(pathToFileURL(path.resolve(document)));
fs.writeFileSync(path.join(out, "api.d.ts"), astToString(ast));
console.log(`generated ${path.join(out, "api.d.ts")}`);

const tsc = spawnSync(process.execPath, [path.join(here, "node_modules/typescript/bin/tsc"), "-p",
  path.join(here, "tsconfig.json")], { stdio: "inherit" });
if (tsc.status !== 0) {
  console.error("tsc: the smoke script does not type-check against the generated client");
  process.exit(1);
}
// the compiled script imports openapi-fetch: resolve it from this package
const modules = path.join(out, "node_modules");
fs.rmSync(modules, { force: true, recursive: true });
fs.symlinkSync(path.join(here, "node_modules"), modules, "dir");
const run = spawnSync(process.execPath, [path.join(out, "smoke", "smoke.mjs")], { stdio: "inherit" });
process.exit(run.status ?? 1);
