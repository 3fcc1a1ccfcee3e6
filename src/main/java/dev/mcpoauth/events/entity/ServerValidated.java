package dev.mcpoauth.events.entity;

/**
 * An admin validated a saved server: {@code failedStep} names the first step that failed
 * (discovery, pkce, client), null when all passed. The step's message stays out of the row: it
 * may quote what the upstream servers answered; the server's configurationProblem keeps it.
 */
public record ServerValidated(EventSubject subject, String name, String failedStep) implements BrokerEvent {

    @Override
    public Outcome outcome() {
        return failedStep == null ? Outcome.SUCCESS : Outcome.FAILURE;
    }

    @Override
    public String details() {
        return failedStep == null
                ? "Validation of server '" + name + "' passed: discovery, PKCE and the broker's client"
                : "Validation of server '" + name + "' failed at the " + failedStep + " step";
    }
}
