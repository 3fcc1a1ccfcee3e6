package dev.mcpoauth.mcp.control;

import dev.mcpoauth.token.entity.AccessToken;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The token of one call: read from the store at the call's first request and sent again by its
 * further requests (discover or initialize, list, call, close), instead of two reads and an AES
 * open per HTTP request. A call lasts seconds and a stored token is handed out only with time to
 * run (it is refreshed first when due), so no request goes out with a token the store would not
 * give. A call answered 401 ends here: the next try is a new call with a new {@code CallToken},
 * and {@link #sent()} tells the forced refresh which token was refused.
 */
public final class CallToken implements TokenSource {

    final Supplier<AccessToken> store;
    final AtomicReference<AccessToken> read = new AtomicReference<>();

    public CallToken(Supplier<AccessToken> store) {
        this.store = store;
    }

    @Override
    public String accessToken() {
        return token().value();
    }

    @Override
    public AccessToken token() {
        AccessToken current = read.get();
        if (current != null) {
            return current;
        }
        AccessToken fresh = store.get();
        return read.compareAndSet(null, fresh) ? fresh : read.get();
    }

    /** The token this call sent, if it got as far as reading one. */
    public Optional<AccessToken> sent() {
        return Optional.ofNullable(read.get());
    }
}
