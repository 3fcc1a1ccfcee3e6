package dev.mcpoauth.web.entity;

/**
 * How deeply a JSON text nests, found by scanning its bytes before any parser builds anything: a parser
 * recursing on 100,000 open brackets would overflow its stack. UTF-8 continuation bytes are never ASCII, so
 * brackets and quotes inside multi-byte characters cannot be mistaken.
 */
public final class JsonDepth {

    private JsonDepth() {
    }

    public static boolean exceeds(byte[] json, int limit) {
        int depth = 0;
        boolean inString = false;
        boolean escaped = false;
        for (byte b : json) {
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                if (++depth > limit) {
                    return true;
                }
            } else if (b == '}' || b == ']') {
                depth--;
            }
        }
        return false;
    }
}
