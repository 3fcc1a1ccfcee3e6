package dev.mcpoauth.authorization.entity;

import dev.mcpoauth.json.JsonBuilders;
import jakarta.json.JsonObject;

/** One step of a server validation, told in plain language. */
public record ValidationStep(String step, Outcome outcome, String message) {

    public enum Outcome {
        PASSED,
        FAILED,
        SKIPPED
    }

    public static ValidationStep passed(String step, String message) {
        return new ValidationStep(step, Outcome.PASSED, message);
    }

    public static ValidationStep failed(String step, String message) {
        return new ValidationStep(step, Outcome.FAILED, message);
    }

    public static ValidationStep skipped(String step) {
        return new ValidationStep(step, Outcome.SKIPPED, "Not checked because an earlier step failed.");
    }

    public JsonObject toJSON() {
        return JsonBuilders.object()
                .add("step", step)
                .add("outcome", outcome.name())
                .add("message", message)
                .build();
    }
}
