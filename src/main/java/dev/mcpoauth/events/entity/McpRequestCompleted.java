package dev.mcpoauth.events.entity;

import java.time.Duration;
import java.util.Optional;

/**
 * An MCP operation the broker sent with a connection's token ended: which method, which tool (for
 * {@code tools/call}), how long it took and, when it failed, the problem it failed with. Never its
 * arguments or its result: those are the person's data, not facts about the broker.
 */
public record McpRequestCompleted(EventSubject subject, String method, Optional<String> tool, Duration took,
        Optional<String> failure) implements BrokerEvent {

    @Override
    public Outcome outcome() {
        return failure.isPresent() ? Outcome.FAILURE : Outcome.SUCCESS;
    }

    @Override
    public String details() {
        String operation = method + tool.map(name -> " " + name).orElse("");
        return operation + (failure.isPresent() ? " failed" : " succeeded") + " in " + took.toMillis() + " ms"
                + failure.map(problem -> ": " + problem).orElse("");
    }
}
