package dev.mcpoauth.discovery.entity;

import dev.mcpoauth.events.entity.AuditedUrl;

/** A value from an upstream document shown in a problem: quoted, cut short, without control characters. */
public final class UpstreamValue {

    static final int MAX_SHOWN = 120;

    private UpstreamValue() {}

    /** A URL as {@link AuditedUrl} shows it, quoted. */
    public static String urlShown(String url) {
        return url == null ? "(none)" : shown(AuditedUrl.of(url));
    }

    public static String shown(String value) {
        String printable = value.replaceAll("\\p{Cntrl}", "?");
        return "\"" + (printable.length() > MAX_SHOWN ? printable.substring(0, MAX_SHOWN) + "…" : printable) + "\"";
    }
}
