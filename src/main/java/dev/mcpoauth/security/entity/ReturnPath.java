package dev.mcpoauth.security.entity;

import java.util.regex.Pattern;

/**
 * Where a browser goes after signing in: a path on the broker itself, never another site (an open redirect would
 * let a link to the sign-in page send a person anywhere once they are signed in).
 */
public final class ReturnPath {

    public static final String HOME = "/";

    // an absolute path; not "//host" or "/\host" (both leave the site), no control characters, no fragment
    private static final Pattern SAFE = Pattern.compile("/(?![/\\\\])[\\x21-\\x7e&&[^\\\\#]]*");
    private static final int MAX_LENGTH = 2000;

    private ReturnPath() {
    }

    public static String of(String requested) {
        return requested != null && requested.length() <= MAX_LENGTH && SAFE.matcher(requested).matches()
                ? requested
                : HOME;
    }
}
