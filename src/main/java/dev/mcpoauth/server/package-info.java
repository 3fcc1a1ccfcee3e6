/**
 * The admin's MCP servers (with every OAuth override) and people's connections to them, per user
 * or shared by a role. Who may see, use or authorize a connection is decided on {@code Connection};
 * a connection someone may not see does not exist for them. Saving and deleting a server fire
 * synchronous events that later components answer, so this component calls none of them.
 */
package dev.mcpoauth.server;
