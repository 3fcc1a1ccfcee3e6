package dev.mcpoauth.sealing.entity;

import dev.mcpoauth.json.JsonBuilders;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A private key that signs compact JWS (RFC 7515 §7.1) with the algorithm its type and size
 * imply (RFC 7518 §3.3 RS256 for RSA of 2048 bits or more, §3.4 ES256/ES384/ES512 for the NIST
 * curves), and the key id a verifier finds it by, when it has one.
 */
public final class JwsKey {

    static final Pattern PEM = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END PRIVATE KEY-----");
    // curve field size in bits -> algorithm and the byte length of r and s (RFC 7518 §3.4)
    static final Map<Integer, String> EC_ALGORITHMS = Map.of(256, "ES256", 384, "ES384", 521, "ES512");
    static final int MIN_RSA_BITS = 2048;

    final PrivateKey key;
    final String algorithm;
    final String keyId;

    JwsKey(PrivateKey key, String algorithm, String keyId) {
        this.key = key;
        this.algorithm = algorithm;
        this.keyId = keyId;
    }

    /** @throws SealingException when the key is of a type or size no JWS algorithm here fits */
    public static JwsKey of(PrivateKey key, String keyIdOrNull) {
        return new JwsKey(key, algorithmFor(key), keyIdOrNull);
    }

    /**
     * A PKCS #8 PEM private key ({@code -----BEGIN PRIVATE KEY-----}), as {@code openssl genpkey}
     * and most identity providers' consoles write it.
     *
     * @throws SealingException when it is not one, or of a type or size that cannot sign here
     */
    public static JwsKey fromPem(String pem) {
        Matcher matcher = PEM.matcher(pem == null ? "" : pem.strip());
        if (!matcher.matches()) {
            throw new SealingException("not a PKCS #8 PEM private key (-----BEGIN PRIVATE KEY-----)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(matcher.group(1));
        } catch (IllegalArgumentException e) {
            throw new SealingException("the PEM private key is not valid base64");
        }
        for (String type : new String[] {"EC", "RSA"}) {
            try {
                return of(KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(der)), null);
            } catch (GeneralSecurityException e) {
                // try the next type
            }
        }
        throw new SealingException("the PEM private key is neither an EC nor an RSA key");
    }

    static String algorithmFor(PrivateKey key) {
        if (key instanceof RSAPrivateKey rsa) {
            if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                throw new SealingException("an RSA signing key needs at least " + MIN_RSA_BITS + " bits");
            }
            return "RS256";
        }
        if (key instanceof ECPrivateKey ec) {
            String algorithm = EC_ALGORITHMS.get(ec.getParams().getCurve().getField().getFieldSize());
            if (algorithm == null) {
                throw new SealingException("an EC signing key must be on P-256, P-384 or P-521");
            }
            return algorithm;
        }
        throw new SealingException("a signing key must be an RSA or EC key");
    }

    public String algorithm() {
        return algorithm;
    }

    public Optional<String> keyId() {
        return Optional.ofNullable(keyId);
    }

    /** The compact JWS of the claims, under a header of {@code alg}, {@code kid} (if any) and {@code extra}. */
    public String sign(JsonObject extraHeader, JsonObject claims) {
        JsonObjectBuilder header = JsonBuilders.object(extraHeader).add("alg", algorithm);
        keyId().ifPresent(id -> header.add("kid", id));
        String input = base64Url(header.build().toString()) + "." + base64Url(claims.toString());
        try {
            Signature signature = Signature.getInstance(jcaName());
            signature.initSign(key);
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            byte[] signed = signature.sign();
            return input + "." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(algorithm.startsWith("ES") ? joseSignature(signed, coordinateLength()) : signed);
        } catch (GeneralSecurityException e) {
            throw new SealingException("signing failed: " + e.getClass().getSimpleName());
        }
    }

    String jcaName() {
        return switch (algorithm) {
            case "RS256" -> "SHA256withRSA";
            case "ES256" -> "SHA256withECDSA";
            case "ES384" -> "SHA384withECDSA";
            default -> "SHA512withECDSA";
        };
    }

    int coordinateLength() {
        return (((ECPrivateKey) key).getParams().getCurve().getField().getFieldSize() + 7) / 8;
    }

    /** The JDK signs ECDSA as a DER SEQUENCE of r and s; JWS wants r || s, each of fixed length (RFC 7518 §3.4). */
    static byte[] joseSignature(byte[] der, int length) {
        int offset = der[1] == (byte) 0x81 ? 3 : 2;
        byte[] r = integer(der, offset);
        offset += 2 + r.length;
        byte[] s = integer(der, offset);
        byte[] jose = new byte[2 * length];
        copyRight(r, jose, 0, length);
        copyRight(s, jose, length, length);
        return jose;
    }

    static byte[] integer(byte[] der, int offset) {
        int length = der[offset + 1] & 0xFF;
        return Arrays.copyOfRange(der, offset + 2, offset + 2 + length);
    }

    static void copyRight(byte[] value, byte[] target, int start, int length) {
        int skip = Math.max(0, value.length - length);
        System.arraycopy(value, skip, target, start + length - (value.length - skip), value.length - skip);
    }

    static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "JwsKey[" + algorithm + (keyId == null ? "" : ", kid=" + keyId) + ", private key hidden]";
    }
}
