// What the test MCP server offers besides its tools: resources (static, one blob, templates),
// prompts, server-initiated requests to the client during a tool call, and paged lists. All of it
// through the TypeScript SDK's own APIs, so the broker meets the SDK's real answers and errors.

import * as z from 'zod';
import { ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  ElicitResultSchema,
  ErrorCode,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
} from '@modelcontextprotocol/sdk/types.js';

// Small, so that every list of this server needs more than one page.
export const PAGE_SIZE = 2;

// MCP 2025-11-25 server/resources, "Error Handling": resource not found is -32002. The SDK has no
// ErrorCode for it (McpServer answers -32602 for a URI that matches nothing), so a template that
// matches but names nothing throws it itself, as a server author following the spec would.
const RESOURCE_NOT_FOUND = -32002;

// a 1x1 transparent PNG
const LOGO_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

const NOTES = {
  1: 'Buy milk',
  2: 'Call the dentist',
  3: 'Water the plants',
};

// ---- resources ----------------------------------------------------------------------------
export function registerResources(server, count) {
  const textResource = (name, uri, mimeType, text) => server.registerResource(name, uri, {
    description: `${name} (text)`,
    mimeType,
  }, async (url) => {
    count('resources/read');
    return { contents: [{ uri: url.href, mimeType, text }] };
  });
  textResource('readme', 'docs://readme', 'text/markdown', '# Test peer\n\nA real MCP server for the broker\'s tests.');
  textResource('changelog', 'docs://changelog', 'text/plain', '1.0.0: first release');
  textResource('settings', 'config://settings', 'application/json', '{"theme":"dark","pageSize":2}');
  server.registerResource('logo', 'images://logo.png', {
    description: 'logo (blob)',
    mimeType: 'image/png',
  }, async (url) => {
    count('resources/read');
    return { contents: [{ uri: url.href, mimeType: 'image/png', blob: LOGO_PNG }] };
  });

  server.registerResource('note', new ResourceTemplate('notes://{id}', {
    // the SDK adds what this lists to resources/list
    list: async () => ({
      resources: Object.keys(NOTES).map((id) => ({ uri: `notes://${id}`, name: `note ${id}`, mimeType: 'text/plain' })),
    }),
  }), { description: 'A note by its id', mimeType: 'text/plain' }, async (url, { id }) => {
    count('resources/read');
    if (!Object.hasOwn(NOTES, id)) {
      throw new McpError(RESOURCE_NOT_FOUND, 'Resource not found', { uri: url.href });
    }
    return { contents: [{ uri: url.href, mimeType: 'text/plain', text: NOTES[id] }] };
  });
  server.registerResource('greeting', new ResourceTemplate('greetings://{name}', { list: undefined }), {
    description: 'A greeting for anyone',
    mimeType: 'text/plain',
  }, async (url, { name }) => {
    count('resources/read');
    return { contents: [{ uri: url.href, mimeType: 'text/plain', text: `Hello, ${decodeURIComponent(name)}!` }] };
  });
  server.registerResource('square', new ResourceTemplate('squares://{n}', { list: undefined }), {
    description: 'The square of a whole number',
    mimeType: 'text/plain',
  }, async (url, { n }) => {
    count('resources/read');
    return { contents: [{ uri: url.href, mimeType: 'text/plain', text: String(Number(n) * Number(n)) }] };
  });
}

// ---- prompts ------------------------------------------------------------------------------
export function registerPrompts(server, count) {
  const user = (text) => ({ role: 'user', content: { type: 'text', text } });
  server.registerPrompt('summarize', {
    title: 'Summarize',
    description: 'Summarize a text (text required, style optional).',
    argsSchema: { text: z.string(), style: z.string().optional() },
  }, async ({ text, style }) => {
    count('prompts/get');
    return {
      description: 'A summary request',
      messages: [user(`Summarize ${style ? `in a ${style} style` : 'briefly'}: ${text}`)],
    };
  });
  server.registerPrompt('review-code', {
    title: 'Review code',
    description: 'Review a piece of code (code and language required).',
    argsSchema: { code: z.string(), language: z.string() },
  }, async ({ code, language }) => {
    count('prompts/get');
    return { messages: [user(`Review this ${language} code:\n${code}`)] };
  });
  server.registerPrompt('hello', {
    description: 'Says hello (no arguments).',
  }, async () => {
    count('prompts/get');
    return { messages: [user('Hello!')] };
  });
}

// ---- server-initiated requests during a tool call -----------------------------------------
// Each request goes on the tool call's own stream (relatedRequestId), with its own time-out, and
// what became of it is reported: answered, an error (the client's JSON-RPC error), timeout, or
// not-sent (the SDK refused to send it, because the client did not declare the capability).
async function outcomeOf(send) {
  try {
    return { outcome: 'answered', result: await send() };
  } catch (e) {
    if (e instanceof McpError) {
      return { outcome: e.code === ErrorCode.RequestTimeout ? 'timeout' : 'error', code: e.code, message: e.message };
    }
    return { outcome: 'not-sent', message: e.message };
  }
}

export function registerAskClient(server, counted) {
  server.registerTool('ask-client', {
    description: 'Asks the client for sampling, elicitation and its roots during the call; returns what became of each.',
    inputSchema: { timeoutMs: z.number().int().positive().max(60000).optional() },
  }, counted('ask-client', async ({ timeoutMs = 10000 }, extra) => {
    const options = { relatedRequestId: extra.requestId, timeout: timeoutMs };
    const requestedSchema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] };
    const message = 'What is your answer?';
    const report = {
      'sampling/createMessage': await outcomeOf(() => server.server.createMessage({
        messages: [{ role: 'user', content: { type: 'text', text: 'Say yes.' } }],
        maxTokens: 16,
      }, options)),
      // elicitInput checks the client's capabilities before it sends (server/index.js)...
      'elicitation/create via elicitInput': await outcomeOf(() => server.server.elicitInput({ message, requestedSchema }, options)),
      // ...so the same request is also sent with the SDK's generic request(), to see the client's own answer
      'elicitation/create': await outcomeOf(() => server.server.request({
        method: 'elicitation/create',
        params: { mode: 'form', message, requestedSchema },
      }, ElicitResultSchema, options)),
      'roots/list': await outcomeOf(() => server.server.listRoots(undefined, options)),
    };
    return { content: [{ type: 'text', text: JSON.stringify(report) }] };
  }));
}

// ---- paging -------------------------------------------------------------------------------
// McpServer answers each list in one page; MCP lets a server page any of them (2025-11-25
// server/utilities/pagination). This replaces each list handler with one that serves the SDK's own
// list in pages (Protocol.setRequestHandler replaces a handler). The SDK offers no getter for a
// registered one, hence the look into Protocol's handler map (the SDK version is pinned).
const LISTS = [
  [ListToolsRequestSchema, 'tools/list', 'tools'],
  [ListResourcesRequestSchema, 'resources/list', 'resources'],
  [ListResourceTemplatesRequestSchema, 'resources/templates/list', 'resourceTemplates'],
  [ListPromptsRequestSchema, 'prompts/list', 'prompts'],
];

const encodeCursor = (offset) => Buffer.from(`offset:${offset}`).toString('base64url');

function decodeCursor(cursor, size) {
  if (cursor === undefined) return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  const offset = match ? Number(match[1]) : NaN;
  if (!(offset > 0 && offset < size)) {
    // pagination: "Invalid cursors SHOULD result in an error with code -32602"
    throw new McpError(ErrorCode.InvalidParams, 'Invalid cursor');
  }
  return offset;
}

export function pageLists(server) {
  const low = server.server;
  for (const [schema, method, key] of LISTS) {
    const whole = low._requestHandlers.get(method);
    if (!whole) throw new Error(`McpServer registered no ${method} handler`);
    low.setRequestHandler(schema, async (request, extra) => {
      const all = (await whole(request, extra))[key];
      const offset = decodeCursor(request.params?.cursor, all.length);
      const next = offset + PAGE_SIZE;
      return { [key]: all.slice(offset, next), ...(next < all.length ? { nextCursor: encodeCursor(next) } : {}) };
    });
  }
}
