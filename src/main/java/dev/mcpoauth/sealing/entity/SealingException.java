package dev.mcpoauth.sealing.entity;

/** A secret could not be sealed or opened; the message names key ids and reasons, never secrets or keys. */
public class SealingException extends RuntimeException {

    public SealingException(String message) {
        super(message);
    }

    public SealingException(String message, Throwable cause) {
        super(message, cause);
    }
}
