package dev.mcpoauth.mcp.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Counts step-up authorizations per connection and operation (MCP authorization: retry "no more
 * than a few times", then treat the refusal as permanent). A success clears the count. Kept per
 * node: the limit bounds a loop, it is not a security boundary.
 */
@ApplicationScoped
public class StepUpAttempts {

    public static final int LIMIT = 3;

    final ConcurrentMap<String, Integer> attempts = new ConcurrentHashMap<>();

    /** @return the number of this attempt, counting from 1 */
    public int next(String connectionId, String operation) {
        return attempts.merge(key(connectionId, operation), 1, Integer::sum);
    }

    public void succeeded(String connectionId, String operation) {
        attempts.remove(key(connectionId, operation));
    }

    static String key(String connectionId, String operation) {
        return connectionId + ' ' + operation;
    }
}
