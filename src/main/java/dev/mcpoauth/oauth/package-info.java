/**
 * The OAuth wire shared by the token and revocation endpoints: form posts with client
 * authentication (RFC 6749 §2.3.1), error responses (RFC 6749 §5.2) reduced to their code and a
 * cleaned description, and a failure type that tells transient from permanent.
 */
package dev.mcpoauth.oauth;
