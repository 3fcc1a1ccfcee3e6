package dev.mcpoauth.security.control;

import dev.mcpoauth.security.entity.ReturnPath;
import java.net.URLEncoder;

import static java.nio.charset.StandardCharsets.UTF_8;

/** Addresses of the sign-in page: with an error code it explains, and the path to return to afterwards. */
public final class SignInPage {

    public static final String PATH = "/signin";

    private SignInPage() {
    }

    public static String error(String code) {
        return PATH + "?error=" + code;
    }

    public static String error(String code, String returnPath) {
        return error(code) + "&" + returning(returnPath);
    }

    public static String forReturn(String returnPath) {
        return PATH + "?" + returning(returnPath);
    }

    private static String returning(String returnPath) {
        return "return=" + URLEncoder.encode(ReturnPath.of(returnPath), UTF_8);
    }
}
