/**
 * The OAuth wire shared by every component: form posts with client authentication (RFC 6749
 * §2.3.1), error responses (RFC 6749 §5.2) reduced to their code and a cleaned description, JSON
 * members and bodies, bearer challenges (RFC 6750 §3, RFC 9728 §5.1), the canonical resource
 * (RFC 8707 §2), and a failure type that tells transient from permanent.
 */
package dev.mcpoauth.oauth;
