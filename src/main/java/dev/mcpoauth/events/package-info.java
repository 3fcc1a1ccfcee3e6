/**
 * Every step of the OAuth lifecycle as a typed CDI event (a sealed interface over records), so
 * other modules observe exactly what they care about; the audit trail and live streams are fed
 * from the same events.
 */
package dev.mcpoauth.events;
