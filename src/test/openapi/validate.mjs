// Validates an OpenAPI document with @apidevtools/swagger-parser: the official OpenAPI 3.0 JSON
// Schema (through ajv) plus the rules a schema cannot express (unique operationIds, declared path
// parameters, resolvable $refs). Exit 0 when valid; else prints every error and exits 1.
import SwaggerParser from "@apidevtools/swagger-parser";

const file = process.argv[2];
if (!file) {
  console.error("usage: node validate.mjs <openapi.json>");
  process.exit(2);
}
try {
  const api = await SwaggerParser.validate(file);
  console.log(`valid: OpenAPI ${api.openapi}, ${Object.keys(api.paths).length} paths`);
} catch (error) {
  console.error(`invalid: ${error.message}`);
  for (const detail of error.details ?? []) {
    console.error(JSON.stringify(detail));
  }
  process.exit(1);
}
