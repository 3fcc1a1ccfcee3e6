package dev.mcpoauth.authorization.entity;

import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * No usable token: the person must connect (again). Carries the start link of a pending flow
 * when the caller may complete one; a shared connection needs an admin instead.
 */
public class AuthorizationRequiredException extends ProblemException {

    private static final long serialVersionUID = 1L;

    private final transient FlowStart flow;

    public AuthorizationRequiredException(String detail, FlowStart flowOrNull) {
        super(Problem.AUTHORIZATION_REQUIRED, detail, extensions(flowOrNull));
        this.flow = flowOrNull;
    }

    public Optional<FlowStart> flow() {
        return Optional.ofNullable(flow);
    }

    static Map<String, Object> extensions(FlowStart flow) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("requiresReauthorization", true);
        if (flow != null) {
            extensions.put("flowId", flow.flowId());
            extensions.put("connectionId", flow.connectionId());
            extensions.put("authorizationUrl", flow.authorizationUrl().toString());
            extensions.put("expiresAt", flow.expiresAt().toString());
        }
        return extensions;
    }
}
