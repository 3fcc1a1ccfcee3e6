/**
 * The OAuth lifecycle as CDI events: the sealed {@code BrokerEvent} and its records, fired by the
 * components that change state and counted as MicroProfile metrics. The records carry only plain
 * values, never another component's types, so that every component can fire them and none
 * depends on another through them. {@code DiscoveryAnswered} is the one event that is counted only,
 * never audited.
 */
package dev.mcpoauth.events;
