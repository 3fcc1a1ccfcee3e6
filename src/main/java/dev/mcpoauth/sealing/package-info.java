/**
 * Secrets at rest: AES-256-GCM sealing with a key ring whose ids travel in the sealed text, so that
 * keys rotate without re-encryption, and the broker's private data directory and files (0700/0600).
 * The associated data names the column and row, so a sealed value copied elsewhere does not open.
 */
package dev.mcpoauth.sealing;
