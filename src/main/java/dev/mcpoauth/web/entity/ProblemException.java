package dev.mcpoauth.web.entity;

import java.util.Map;

/** The one exception a boundary throws to answer with a problem; the message is meant for people. */
public class ProblemException extends RuntimeException {

    private final Problem problem;
    private final Map<String, Object> extensions;

    public ProblemException(Problem problem, String detail) {
        this(problem, detail, Map.of());
    }

    public ProblemException(Problem problem, String detail, Throwable cause) {
        super(detail, cause);
        this.problem = problem;
        this.extensions = Map.of();
    }

    public ProblemException(Problem problem, String detail, Map<String, Object> extensions) {
        super(detail);
        this.problem = problem;
        this.extensions = Map.copyOf(extensions);
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }
}
