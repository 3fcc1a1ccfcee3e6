/**
 * The outbound URL policy: every URL the broker is about to call came from the network, so its
 * scheme, host and every address it resolves to are checked before a connection is opened
 * (private, loopback, link-local and metadata ranges refused unless configured); the connection
 * then goes to a vetted address, redirects are never followed and bodies are capped
 * ({@code control.Outbound}).
 */
package dev.mcpoauth.outbound;
