/**
 * The broker as an OAuth client at each authorization server: dynamic client registration
 * (RFC 7591 §2, §3.2), its errors, and the token endpoint auth method (RFC 8414 §2 defaults).
 * Registrations belong to one issuer; credentials are never reused at another.
 */
package dev.mcpoauth.registration;
