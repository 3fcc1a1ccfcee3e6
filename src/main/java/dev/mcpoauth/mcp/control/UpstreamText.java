package dev.mcpoauth.mcp.control;

/**
 * What an MCP server said, made fit to quote in a problem detail: printable characters only,
 * whitespace runs folded, and at most {@value #MAX} characters. Upstream text is never trusted to
 * be short or clean.
 */
final class UpstreamText {

    static final int MAX = 200;

    private UpstreamText() {}

    static String quote(String said) {
        if (said == null) {
            return "";
        }
        StringBuilder clean = new StringBuilder(Math.min(said.length(), MAX));
        boolean space = false;
        int i = 0;
        for (; i < said.length() && clean.length() < MAX; i++) {
            char c = said.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                space = clean.length() > 0;
                continue;
            }
            if (space) {
                clean.append(' ');
                space = false;
            }
            clean.append(c);
        }
        return i < said.length() && !said.substring(i).isBlank() ? clean + "…" : clean.toString();
    }
}
