package dev.mcpoauth.dpop.entity;

import dev.mcpoauth.json.JsonBuilders;
import jakarta.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * One connection's DPoP key (RFC 9449 §2): EC P-256 for ES256 (RFC 7518 §3.4), from the JDK.
 * {@link #stored()} is the form sealed into {@code token_set.dpop_key_sealed}; only the public
 * half ever leaves the broker, as the proof's {@code jwk} (no {@code d}). {@code toString} shows
 * the thumbprint only.
 */
public final class DpopKey {

    public static final String ALGORITHM = "ES256";
    static final String CURVE = "secp256r1";
    static final int COORDINATE_BYTES = 32;
    static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();

    final ECPrivateKey privateKey;
    final ECPublicKey publicKey;

    DpopKey(ECPrivateKey privateKey, ECPublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** A fresh key for a connection's first token request. */
    public static DpopKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(CURVE));
            var pair = generator.generateKeyPair();
            return new DpopKey((ECPrivateKey) pair.getPrivate(), (ECPublicKey) pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK offers no EC P-256 key generation", e);
        }
    }

    /** @param stored what {@link #stored()} returned: base64url PKCS #8, a dot, base64url X.509 */
    public static DpopKey fromStored(String stored) {
        int dot = stored.indexOf('.');
        if (dot < 0) {
            throw new IllegalArgumentException("not a stored DPoP key");
        }
        try {
            KeyFactory factory = KeyFactory.getInstance("EC");
            ECPrivateKey privateKey = (ECPrivateKey) factory.generatePrivate(
                    new PKCS8EncodedKeySpec(BASE64URL_DECODER.decode(stored.substring(0, dot))));
            ECPublicKey publicKey = (ECPublicKey) factory.generatePublic(
                    new X509EncodedKeySpec(BASE64URL_DECODER.decode(stored.substring(dot + 1))));
            return new DpopKey(privateKey, publicKey);
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            // no cause: it could quote key material
            throw new IllegalArgumentException("not a stored DPoP key");
        }
    }

    /** The private and public key, to be sealed; never logged. */
    public String stored() {
        return BASE64URL.encodeToString(privateKey.getEncoded()) + "." + BASE64URL.encodeToString(publicKey.getEncoded());
    }

    /** The public key as a JWK (RFC 7518 §6.2.1): kty, crv, x, y; never {@code d}. */
    public JsonObject publicJwk() {
        return JsonBuilders.object()
                .add("kty", "EC")
                .add("crv", "P-256")
                .add("x", coordinate(publicKey.getW().getAffineX()))
                .add("y", coordinate(publicKey.getW().getAffineY()))
                .build();
    }

    /** RFC 7638 §3: SHA-256 of the required members in lexicographic order, no whitespace; the {@code cnf.jkt}. */
    public String thumbprint() {
        return thumbprint(publicJwk());
    }

    static String thumbprint(JsonObject jwk) {
        String canonical = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + jwk.getString("x") + "\",\"y\":\""
                + jwk.getString("y") + "\"}";
        return BASE64URL.encodeToString(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
    }

    /** ES256 over the JWS signing input: the JOSE form R || S (RFC 7518 §3.4), 64 bytes. */
    public byte[] sign(byte[] signingInput) {
        try {
            Signature signature = Signature.getInstance("SHA256withECDSA");
            signature.initSign(privateKey);
            signature.update(signingInput);
            return joseSignature(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ES256 signing failed", e);
        }
    }

    public ECPublicKey publicKey() {
        return publicKey;
    }

    /** The JDK's DER {@code SEQUENCE { INTEGER r, INTEGER s }} as two 32-byte big-endian integers. */
    static byte[] joseSignature(byte[] der) {
        int pos = 0;
        if (der[pos++] != 0x30) {
            throw new IllegalStateException("not a DER ECDSA signature");
        }
        pos += (der[pos] & 0x80) != 0 ? 1 + (der[pos] & 0x7F) : 1;
        byte[] jose = new byte[2 * COORDINATE_BYTES];
        for (int part = 0; part < 2; part++) {
            if (der[pos++] != 0x02) {
                throw new IllegalStateException("not a DER ECDSA signature");
            }
            int length = der[pos++];
            byte[] integer = Arrays.copyOfRange(der, pos, pos + length);
            pos += length;
            byte[] fixed = unsigned(new BigInteger(1, integer));
            System.arraycopy(fixed, 0, jose, part * COORDINATE_BYTES, COORDINATE_BYTES);
        }
        return jose;
    }

    static String coordinate(BigInteger value) {
        return BASE64URL.encodeToString(unsigned(value));
    }

    /** Exactly 32 bytes, left-padded with zeros (RFC 7518 §6.2.1.2: the full coordinate length). */
    static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] fixed = new byte[COORDINATE_BYTES];
        int copy = Math.min(bytes.length, COORDINATE_BYTES);
        System.arraycopy(bytes, bytes.length - copy, fixed, COORDINATE_BYTES - copy, copy);
        return fixed;
    }

    static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "DpopKey[jkt=" + thumbprint() + "]";
    }
}
