/**
 * The broker as an OAuth client at each authorization server: dynamic client registration
 * (RFC 7591 §2, §3.2), its errors, and the token endpoint auth method (RFC 8414 §2 defaults).
 * Registrations belong to one issuer; credentials are never reused at another. A dynamic
 * registration is single-flight across the cluster (a locked row per issuer), so a crowd of first
 * users makes one client, not one each.
 */
package dev.mcpoauth.registration;
