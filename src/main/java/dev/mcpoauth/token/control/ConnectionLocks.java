package dev.mcpoauth.token.control;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One lock per connection in this JVM, held only while someone holds or waits for it: the map
 * holds the connections in use right now, never every connection ever seen. Callers on one
 * connection queue here before they take a database connection, so N callers of an expired
 * token use one pooled connection, not N; callers on other connections never wait for them.
 */
public final class ConnectionLocks {

    final ConcurrentHashMap<String, Entry> locks = new ConcurrentHashMap<>();

    static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        // changed only inside the map's compute functions, which run atomically per key
        int users;
    }

    public <T> T underLock(String connectionId, Supplier<T> work) {
        Entry entry = locks.compute(connectionId, (id, existing) -> {
            Entry used = existing == null ? new Entry() : existing;
            used.users++;
            return used;
        });
        try {
            entry.lock.lock();
            try {
                return work.get();
            } finally {
                entry.lock.unlock();
            }
        } finally {
            locks.computeIfPresent(connectionId, (id, used) -> --used.users == 0 ? null : used);
        }
    }

    /** Whether anyone on this node holds the connection's lock now. */
    public boolean isHeld(String connectionId) {
        Entry entry = locks.get(connectionId);
        return entry != null && entry.lock.isLocked();
    }

    /** How many connections have a holder or a waiter now. */
    public int inUse() {
        return locks.size();
    }
}
