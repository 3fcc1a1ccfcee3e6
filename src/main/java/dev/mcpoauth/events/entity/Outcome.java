package dev.mcpoauth.events.entity;

/** Whether an audited step succeeded, failed, or only happened. */
public enum Outcome {
    SUCCESS,
    FAILURE,
    INFO
}
