/**
 * The admin's MCP servers (with every OAuth override) and people's connections to them, per user
 * or shared by a role. The REST boundaries here are where a caller's identity meets ownership: a
 * connection someone may not see does not exist for them.
 */
package dev.mcpoauth.server;
