/**
 * The OAuth lifecycle as CDI events ({@code BrokerEvent}), streamed to front ends as server-sent
 * events and counted as MicroProfile metrics. Streams carry committed audit rows, not the events
 * themselves: the row id is the SSE id, so {@code Last-Event-ID} resumes from the database.
 */
package dev.mcpoauth.events;
