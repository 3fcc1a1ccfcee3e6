/** JSON-P from one provider, found once: a foundation every component may use; it uses none. */
package dev.mcpoauth.json;
