// The TypeScript SDK's own client against mcp-server.mjs, to prove the peer's resources, prompts,
// paging and server-initiated requests without the broker (PeersTest runs it).
//
// Environment: MCP_URL (the MCP endpoint), MCP_ACCESS_TOKEN (a bearer token with mcp:read).
// The client declares no capabilities, as the broker does. stdout carries exactly one line, a JSON
// report of what the server answered; errors are reported as {code, message}. Nothing is logged.

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const url = process.env.MCP_URL;
const token = process.env.MCP_ACCESS_TOKEN;
if (!url || !token) {
  process.stderr.write('MCP_URL and MCP_ACCESS_TOKEN are required\n');
  process.exit(2);
}

const client = new Client({ name: 'feature-client', version: '1.0.0' }, { capabilities: {} });
const transport = new StreamableHTTPClientTransport(new URL(url), {
  requestInit: { headers: { Authorization: `Bearer ${token}` } },
});
await client.connect(transport);

const failure = (e) => ({ error: { code: e.code ?? null, message: e.message } });
const attempt = async (operation) => {
  try {
    return await operation();
  } catch (e) {
    return failure(e);
  }
};

// every page of a list, as the server cut it: [{items: [names], nextCursor}]
async function pages(list, key, nameOf) {
  const seen = [];
  let cursor;
  do {
    const page = await list(cursor === undefined ? {} : { cursor });
    seen.push({ items: page[key].map(nameOf), nextCursor: page.nextCursor ?? null });
    cursor = page.nextCursor;
  } while (cursor !== undefined && seen.length < 20);
  return seen;
}

const report = {
  protocolVersion: transport.protocolVersion ?? null,
  capabilities: client.getServerCapabilities(),
  toolPages: await pages((p) => client.listTools(p), 'tools', (t) => t.name),
  resourcePages: await pages((p) => client.listResources(p), 'resources', (r) => r.uri),
  templatePages: await pages((p) => client.listResourceTemplates(p), 'resourceTemplates', (t) => t.uriTemplate),
  promptPages: await pages((p) => client.listPrompts(p), 'prompts', (p) => p.name),
  promptArguments: (await client.listPrompts()).prompts.find((p) => p.name === 'summarize')?.arguments ?? null,
  badCursor: await attempt(() => client.listTools({ cursor: 'bm90LWEtY3Vyc29y' })),
  readText: await attempt(() => client.readResource({ uri: 'docs://readme' })),
  readBlob: await attempt(() => client.readResource({ uri: 'images://logo.png' })),
  readNote: await attempt(() => client.readResource({ uri: 'notes://2' })),
  readGreeting: await attempt(() => client.readResource({ uri: 'greetings://alice' })),
  readMissingNote: await attempt(() => client.readResource({ uri: 'notes://404' })),
  readUnknownUri: await attempt(() => client.readResource({ uri: 'nowhere://at-all' })),
  getPrompt: await attempt(() => client.getPrompt({ name: 'summarize', arguments: { text: 'MCP is a protocol.', style: 'terse' } })),
  getPromptMissingArgument: await attempt(() => client.getPrompt({ name: 'summarize', arguments: { style: 'terse' } })),
  getUnknownPrompt: await attempt(() => client.getPrompt({ name: 'no-such-prompt' })),
  callUnknownTool: await attempt(() => client.callTool({ name: 'no-such-tool', arguments: {} })),
  askClient: await attempt(async () => JSON.parse((await client.callTool({
    name: 'ask-client',
    arguments: { timeoutMs: 10000 },
  })).content[0].text)),
};

await transport.terminateSession().catch(() => {});
await client.close();
process.stdout.write(`${JSON.stringify(report)}\n`);
