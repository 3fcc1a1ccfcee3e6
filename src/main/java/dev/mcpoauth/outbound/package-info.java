/**
 * The outbound URL policy: every URL the broker is about to call came from the network, so its
 * scheme, host and every address it resolves to are checked before a connection is opened
 * (private, loopback, link-local and metadata ranges refused unless configured), redirects are
 * never followed and bodies are capped.
 */
package dev.mcpoauth.outbound;
