package dev.mcpoauth.registration.entity;

import static java.nio.charset.StandardCharsets.UTF_8;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The row a node locks while it registers the broker at an issuer, so that a registration is
 * single-flight across the cluster: whoever waited for the lock finds the client registered.
 */
@Entity
@Table(name = "registration_lock")
public class RegistrationLock {

    @Id
    @Column(name = "lock_key")
    String key;

    String issuer;

    protected RegistrationLock() {}

    public RegistrationLock(String issuer, String redirectUri) {
        this.key = keyOf(issuer, redirectUri);
        this.issuer = issuer;
    }

    public String key() {
        return key;
    }

    /** Issuers and redirect URIs are longer than a key column should be: their SHA-256. */
    public static String keyOf(String issuer, String redirectUri) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(issuer.getBytes(UTF_8));
            sha256.update((byte) '\n');
            sha256.update(redirectUri.getBytes(UTF_8));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
