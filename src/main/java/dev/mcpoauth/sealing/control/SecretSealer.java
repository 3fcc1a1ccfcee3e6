package dev.mcpoauth.sealing.control;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.mcpoauth.sealing.entity.KeyRing;
import dev.mcpoauth.sealing.entity.SealingException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Seals secrets with AES-256-GCM as {@code <keyId>:<base64url(iv || ciphertext+tag)>}. The caller's context
 * (e.g. {@code token_set.access_token/<connectionId>}) is the additional authenticated data, so a sealed value
 * copied to another column or row does not open.
 */
@ApplicationScoped
public class SecretSealer {

    static final System.Logger LOGGER = System.getLogger(SecretSealer.class.getName());
    static final String TRANSFORMATION = "AES/GCM/NoPadding";
    static final int IV_BYTES = 12;
    static final int TAG_BITS = 128;
    static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    @ConfigProperty(name = "mcpoauth.security.sealing.keys")
    Optional<String> configuredKeys;

    @Inject
    @ConfigProperty(name = "mcpoauth.security.sealing.active-key")
    Optional<String> activeKeyId;

    @Inject
    @ConfigProperty(name = "mcpoauth.data-dir", defaultValue = "./data")
    String dataDir;

    private volatile KeyRing keyRing;
    private volatile String notReadyReason = "sealing keys are not loaded yet";

    public SecretSealer() {
    }

    public SecretSealer(KeyRing keyRing) {
        this.keyRing = Objects.requireNonNull(keyRing);
        this.notReadyReason = null;
    }

    @PostConstruct
    void load() {
        try {
            keyRing = new KeyRingLoader(configuredKeys, activeKeyId, Path.of(dataDir)).load();
            notReadyReason = null;
        } catch (RuntimeException e) {
            keyRing = null;
            notReadyReason = e.getMessage();
        }
    }

    void reportAtStartup(@Observes @Initialized(ApplicationScoped.class) Object started) {
        notReadyReason().ifPresent(reason -> LOGGER.log(System.Logger.Level.ERROR,
                "Secret sealing is not ready: {0}", reason));
    }

    public boolean isReady() {
        return keyRing != null;
    }

    /** Why sealing is unavailable, for the readiness check; empty when ready. */
    public Optional<String> notReadyReason() {
        return isReady() ? Optional.empty() : Optional.ofNullable(notReadyReason);
    }

    public String activeKeyId() {
        return ring().activeKeyId();
    }

    public String seal(String plaintext, String context) {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(context, "context");
        KeyRing ring = ring();
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, ring.activeKey(), iv, context);
            byte[] sealed = cipher.doFinal(plaintext.getBytes(UTF_8));
            byte[] payload = ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
            return ring.activeKeyId() + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(payload);
        } catch (GeneralSecurityException e) {
            throw new SealingException("cannot seal with key '" + ring.activeKeyId() + "': " + e.getClass().getSimpleName(), e);
        }
    }

    public String open(String sealed, String context) {
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(context, "context");
        KeyRing ring = ring();
        int colon = sealed.indexOf(':');
        String keyId = colon < 0 ? "" : sealed.substring(0, colon);
        if (!KeyRing.KEY_ID.matcher(keyId).matches()) {
            throw new SealingException("malformed sealed value: no key id");
        }
        SecretKey key = ring.key(keyId)
                .orElseThrow(() -> new SealingException("unknown sealing key id '" + keyId + "'"));
        byte[] payload = decode(keyId, sealed.substring(colon + 1));
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, payload, context);
            return new String(cipher.doFinal(payload, IV_BYTES, payload.length - IV_BYTES), UTF_8);
        } catch (AEADBadTagException e) {
            throw new SealingException("sealed value does not open with key '" + keyId
                    + "' in this context: tampered, copied from elsewhere or sealed with another key");
        } catch (GeneralSecurityException e) {
            throw new SealingException("cannot open with key '" + keyId + "': " + e.getClass().getSimpleName(), e);
        }
    }

    private KeyRing ring() {
        KeyRing ring = keyRing;
        if (ring == null) {
            throw new SealingException("secret sealing is not ready: " + notReadyReason);
        }
        return ring;
    }

    private static byte[] decode(String keyId, String text) {
        byte[] payload;
        try {
            payload = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new SealingException("malformed sealed value for key '" + keyId + "': not base64url");
        }
        if (payload.length < IV_BYTES + TAG_BITS / 8) {
            throw new SealingException("malformed sealed value for key '" + keyId + "': too short");
        }
        return payload;
    }

    private static Cipher cipher(int mode, SecretKey key, byte[] iv, String context) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv, 0, IV_BYTES));
        cipher.updateAAD(context.getBytes(UTF_8));
        return cipher;
    }
}
