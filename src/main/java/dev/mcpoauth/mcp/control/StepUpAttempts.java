package dev.mcpoauth.mcp.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Counts step-up authorizations per connection and operation (MCP authorization: retry "no more
 * than a few times", then treat the refusal as permanent). The limit counts authorizations, the
 * one that issued the refused token included, so a server that keeps demanding more scope sees
 * at most {@value #LIMIT} authorization requests. A success clears the count. Kept per node: the
 * limit bounds a loop, it is not a security boundary.
 */
@ApplicationScoped
public class StepUpAttempts {

    /** Authorizations per operation, the first sign-in included. */
    public static final int LIMIT = 3;

    final ConcurrentMap<String, Integer> stepUps = new ConcurrentHashMap<>();

    /** Counts one more step-up; whether it stays within {@link #LIMIT} authorizations. */
    public boolean allowsAnother(String connectionId, String operation) {
        int stepUp = stepUps.merge(key(connectionId, operation), 1, Integer::sum);
        return 1 + stepUp <= LIMIT;
    }

    public void succeeded(String connectionId, String operation) {
        stepUps.remove(key(connectionId, operation));
    }

    static String key(String connectionId, String operation) {
        return connectionId + ' ' + operation;
    }
}
