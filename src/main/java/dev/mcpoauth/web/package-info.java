/**
 * How the broker answers: RFC 9457 problem details with one shape and a stable type per problem
 * for the API (a 500 never shows internals), small escaped pages for browsers, and readiness.
 */
package dev.mcpoauth.web;
