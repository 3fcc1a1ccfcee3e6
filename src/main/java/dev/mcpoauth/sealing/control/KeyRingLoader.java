package dev.mcpoauth.sealing.control;

import dev.mcpoauth.sealing.entity.KeyRing;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;

/**
 * Loads the sealing keys from configuration or, when none are configured (the embedded default), from a key
 * file in the data directory that is generated on first start.
 */
public record KeyRingLoader(Optional<String> configuredKeys, Optional<String> activeKeyId, Path dataDir) {

    static final System.Logger LOGGER = System.getLogger(KeyRingLoader.class.getName());
    public static final String KEY_FILE = "sealing-keys";

    public KeyRing load() {
        Optional<String> keys = configuredKeys.filter(text -> !text.isBlank());
        if (keys.isPresent()) {
            return KeyRing.parse(keys.get(), activeKeyId);
        }
        return loadKeyFile();
    }

    KeyRing loadKeyFile() {
        Path file = dataDir.resolve(KEY_FILE);
        KeyFile.Loaded<KeyRing> loaded = new KeyFile(file, "sealing key")
                .load(KeyRingLoader::generate, text -> KeyRing.parse(text, activeKeyId));
        KeyRing ring = loaded.keys();
        if (loaded.created()) {
            LOGGER.log(System.Logger.Level.INFO, "Generated a new sealing key with id {0} into {1}. Back this file up:"
                    + " sealed secrets cannot be opened without it.", ring.activeKeyId(), file);
        } else {
            LOGGER.log(System.Logger.Level.INFO, "Loaded sealing keys {0} from {1}; active key id {2}",
                    ring.keys().keySet(), file, ring.activeKeyId());
        }
        return ring;
    }

    static String generate() {
        var random = new SecureRandom();
        byte[] key = new byte[32];
        random.nextBytes(key);
        byte[] suffix = new byte[4];
        random.nextBytes(suffix);
        String id = "local-" + HexFormat.of().formatHex(suffix);
        return "# MCP OAuth Broker sealing keys, one id:base64 AES-256 key per line; the first seals.\n"
                + "# Back this file up: sealed secrets cannot be opened without it.\n"
                + KeyRing.entry(id, new SecretKeySpec(key, "AES")) + "\n";
    }
}
