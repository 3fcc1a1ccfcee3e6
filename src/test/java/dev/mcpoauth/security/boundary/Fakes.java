package dev.mcpoauth.security.boundary;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.function.Function;

/** Interface fakes answering only the methods a test names, so the tests need no container. */
final class Fakes {

    private Fakes() {
    }

    static <T> T of(Class<T> type, Map<String, Function<Object[], Object>> answers) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    Function<Object[], Object> answer = answers.get(method.getName());
                    if (answer == null) {
                        throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
                    }
                    return answer.apply(args);
                }));
    }
}
