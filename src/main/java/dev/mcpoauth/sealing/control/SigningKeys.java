package dev.mcpoauth.sealing.control;

import dev.mcpoauth.sealing.entity.SigningKeyRing;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.HexFormat;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The broker's signing keys, from {@code mcpoauth.security.signing.keys} or, when none are
 * configured (the embedded default), from {@code <data-dir>/signing-keys}, generated on the
 * first start. Loaded when first used, so a broker that never signs never creates the file.
 */
@ApplicationScoped
public class SigningKeys {

    static final System.Logger LOGGER = System.getLogger(SigningKeys.class.getName());
    public static final String KEY_FILE = "signing-keys";
    static final int GENERATED_BITS = 3072;

    @Inject
    @ConfigProperty(name = "mcpoauth.security.signing.keys")
    Optional<String> configuredKeys;

    @Inject
    @ConfigProperty(name = "mcpoauth.security.signing.active-key")
    Optional<String> activeKeyId;

    @Inject
    @ConfigProperty(name = "mcpoauth.data-dir", defaultValue = "./data")
    String dataDir;

    private SigningKeyRing ring;

    @PostConstruct
    void load() {
        ring = load(configuredKeys, activeKeyId, Path.of(dataDir));
    }

    static SigningKeyRing load(Optional<String> configured, Optional<String> active, Path dataDir) {
        Optional<String> keys = configured.filter(text -> !text.isBlank());
        if (keys.isPresent()) {
            return SigningKeyRing.parse(keys.get(), active);
        }
        Path file = dataDir.resolve(KEY_FILE);
        KeyFile.Loaded<SigningKeyRing> loaded = new KeyFile(file, "signing key")
                .load(SigningKeys::generate, text -> SigningKeyRing.parse(text, active));
        if (loaded.created()) {
            LOGGER.log(System.Logger.Level.INFO, "Generated a new signing key with id {0} into {1}; its public key"
                    + " is published at /oauth/jwks.json.", loaded.keys().activeKeyId(), file);
        }
        return loaded.keys();
    }

    public SigningKeyRing ring() {
        return ring;
    }

    public JsonObject jwks() {
        return ring.jwks();
    }

    static String generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(GENERATED_BITS, new SecureRandom());
            var key = (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
            byte[] suffix = new byte[4];
            new SecureRandom().nextBytes(suffix);
            String id = "local-" + HexFormat.of().formatHex(suffix);
            return "# MCP OAuth Broker signing keys, one id:base64 PKCS #8 RSA private key per line; the first signs,\n"
                    + "# all are published at /oauth/jwks.json. Keep this file private.\n"
                    + SigningKeyRing.entry(id, key) + "\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation is not available", e);
        }
    }
}
