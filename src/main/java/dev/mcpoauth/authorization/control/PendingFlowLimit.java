package dev.mcpoauth.authorization.control;

import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import java.time.Duration;

/**
 * How many sign-ins one person may have under way at once. Each pending flow is a row and a
 * sealed verifier until it expires, so without a bound one caller could fill the table.
 */
public record PendingFlowLimit(int max, Duration flowTtl) {

    /** @throws ProblemException 429 when {@code pending} flows already use up the limit */
    public void admit(long pending) {
        if (pending >= max) {
            throw new ProblemException(Problem.LIMIT_REACHED, "You have " + pending + " sign-ins under way, the most"
                    + " the broker allows at once. Finish one of them, or wait up to " + minutes(flowTtl)
                    + " for them to expire, then try again.");
        }
    }

    static String minutes(Duration ttl) {
        long minutes = Math.max(1, ttl.toMinutes());
        return minutes + (minutes == 1 ? " minute" : " minutes");
    }
}
