package dev.mcpoauth.web.boundary;

import jakarta.enterprise.context.RequestScoped;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The correlation id of this request: the caller's {@code X-Correlation-Id} when it is a short
 * plain token, else a new one. Audit rows and error responses carry it, so one id finds the
 * request's whole trail.
 */
@RequestScoped
public class Correlation {

    public static final String HEADER = "X-Correlation-Id";
    static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private String id;

    public String id() {
        if (id == null) {
            id = UUID.randomUUID().toString();
        }
        return id;
    }

    void adopt(String offered) {
        if (offered != null && ACCEPTED.matcher(offered).matches()) {
            id = offered;
        }
    }
}
