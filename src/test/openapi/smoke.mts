// A client generated from the broker's /openapi (openapi-typescript types, openapi-fetch calls),
// type-checked with tsc --strict, then run against the broker under test: what a newcomer's own
// client would do. Exits 1 on the first answer that does not match the document.
import createClient from "openapi-fetch";
import type { paths } from "broker-api";

const base = process.env.BROKER_URL;
const admin = process.env.BROKER_ADMIN; // user:password
const user = process.env.BROKER_USER;
if (!base || !admin || !user) {
  throw new Error("set BROKER_URL, BROKER_ADMIN and BROKER_USER");
}

function client(credentials: string) {
  return createClient<paths>({
    baseUrl: base,
    headers: { Authorization: `Basic ${Buffer.from(credentials).toString("base64")}` },
  });
}

function check(condition: boolean, what: string): void {
  if (!condition) {
    throw new Error(`smoke check failed: ${what}`);
  }
  console.log(`ok: ${what}`);
}

const asAdmin = client(admin);
const asUser = client(user);
const userName = user.split(":")[0] ?? "";

const me = await asUser.GET("/api/v1/me");
check(me.response.status === 200 && me.data !== undefined, "GET /api/v1/me as a user answers 200");
check(me.data?.name === userName && (me.data?.roles ?? []).includes("mcp-user"), "the user's name and role");

const adminMe = await asAdmin.GET("/api/v1/me");
check((adminMe.data?.roles ?? []).includes("mcp-admin"), "the admin has mcp-admin");

const name = `smoke-${Date.now()}`;
// validate=false: the smoke test proves the documented contract, not discovery (OpenApiIT has no peers)
const created = await asAdmin.POST("/api/v1/servers", {
  params: { query: { validate: false } },
  body: { name, url: "http://127.0.0.1:9/mcp", authMode: "OAUTH2", connectionMode: "PER_USER" },
});
check(created.response.status === 201 && created.data !== undefined, "POST /api/v1/servers answers 201");
const server = created.data!;
check(server.name === name && server.authMode === "OAUTH2" && server.clientSecretConfigured === false,
  "the created server as sent");
check(created.response.headers.get("Location")?.endsWith(`/api/v1/servers/${server.id}`) === true,
  "Location names the new server");

const refused = await asUser.POST("/api/v1/servers", {
  params: { query: { validate: false } },
  body: { name: `${name}-user`, url: "http://127.0.0.1:9/mcp" },
});
check(refused.response.status === 403 && refused.error !== undefined, "a user may not create servers (403)");
check(refused.response.headers.get("Content-Type")?.startsWith("application/problem+json") === true,
  "the refusal is a problem");

const invalid = await asAdmin.POST("/api/v1/servers", {
  params: { query: { validate: false } },
  body: { name: "", url: "not a url" },
});
check(invalid.response.status === 400, "an invalid server is refused with 400");

const all = await asAdmin.GET("/api/v1/servers");
check(all.response.status === 200 && (all.data ?? []).some((each) => each.id === server.id),
  "GET /api/v1/servers lists it");

const one = await asAdmin.GET("/api/v1/servers/{id}", { params: { path: { id: server.id } } });
check(one.response.status === 200 && one.data?.url === "http://127.0.0.1:9/mcp", "GET /api/v1/servers/{id}");

const mine = await asUser.GET("/api/v1/me/servers");
const listed = (mine.data ?? []).find((each) => each.serverId === server.id);
check(mine.response.status === 200 && listed !== undefined, "GET /api/v1/me/servers lists it for the user");
check(listed?.connection === null && !("clientSecretConfigured" in (listed ?? {})),
  "without a connection and without admin settings");

const deleted = await asAdmin.DELETE("/api/v1/servers/{id}", {
  params: { path: { id: server.id } },
  headers: { "Content-Type": "application/json" }, // as the operation's description says
});
check(deleted.response.status === 200 && deleted.data?.deleted === true && deleted.data.serverId === server.id,
  "DELETE /api/v1/servers/{id} deletes it");

const gone = await asAdmin.GET("/api/v1/servers/{id}", { params: { path: { id: server.id } } });
check(gone.response.status === 404 && gone.error !== undefined, "then it is gone (404)");
console.log("smoke: all checks passed");
