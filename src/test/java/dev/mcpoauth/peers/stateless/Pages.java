package dev.mcpoauth.peers.stateless;

import io.modelcontextprotocol.modern.McpException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Cursor paging over a fixed list. The SDK leaves paging to the repository: it passes the
 * request's {@code cursor} in and the page's {@code nextCursor} out. Cursors are opaque to
 * clients (MCP "Pagination"); an unknown one is invalid params (-32602), as the spec says.
 */
final class Pages {

    static final int SIZE = 3;
    private static final String PREFIX = "offset:";

    record Page<T>(List<T> items, String nextCursor) {
    }

    private Pages() {
    }

    static <T> Page<T> of(List<T> all, String cursor) {
        int from = cursor == null ? 0 : offset(cursor, all.size());
        int to = Math.min(all.size(), from + SIZE);
        return new Page<>(all.subList(from, to), to < all.size() ? cursor(to) : null);
    }

    private static String cursor(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int offset(String cursor, int size) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int offset = decoded.startsWith(PREFIX) ? Integer.parseInt(decoded.substring(PREFIX.length())) : -1;
            if (offset > 0 && offset < size) {
                return offset;
            }
        } catch (IllegalArgumentException e) {
            // not base64url, or no number after the prefix: invalid as well
        }
        throw McpException.invalidParams("Invalid cursor");
    }
}
