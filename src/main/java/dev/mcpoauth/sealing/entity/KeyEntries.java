package dev.mcpoauth.sealing.entity;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/** The text form of a key ring: {@code id:base64} entries separated by commas or whitespace, in order. */
final class KeyEntries {

    private KeyEntries() {}

    /** @param decode the key from its id and base64 text; its message never shows the material */
    static <K> Map<String, K> parse(String entries, String what, BiFunction<String, String, K> decode) {
        var keys = new LinkedHashMap<String, K>();
        int position = 0;
        for (String entry : entries.trim().split("[,\\s]+")) {
            position++;
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon < 0) {
                throw new SealingException(what + " entry " + position + " is not of the form id:base64");
            }
            String id = entry.substring(0, colon);
            if (!KeyRing.KEY_ID.matcher(id).matches()) {
                throw new SealingException(what + " ids must match " + KeyRing.KEY_ID.pattern());
            }
            if (keys.put(id, decode.apply(id, entry.substring(colon + 1))) != null) {
                throw new SealingException(what + " id '" + id + "' is listed twice");
            }
        }
        return keys;
    }

    /** The configured active id, else the first entry's. */
    static String active(Optional<String> activeKeyId, Map<String, ?> keys) {
        return activeKeyId.map(String::trim).filter(id -> !id.isEmpty())
                .orElseGet(() -> keys.isEmpty() ? null : keys.keySet().iterator().next());
    }
}
