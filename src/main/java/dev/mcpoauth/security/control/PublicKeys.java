package dev.mcpoauth.security.control;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads JWT verification keys the way MP-JWT 2.1 §9 configures them: PEM (public key or certificate), JWK or JWKS
 * text, or base64 of these, given inline or as a file path or classpath resource. Keys are never fetched over the
 * network.
 */
public final class PublicKeys {

    static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]*)-----END \\1-----");

    private PublicKeys() {
    }

    public static List<JWK> configured(Optional<String> publicKey, Optional<String> location) {
        Optional<String> inline = publicKey.filter(text -> !text.isBlank());
        if (inline.isPresent()) {
            return parse(inline.get());
        }
        return location.filter(text -> !text.isBlank())
                .map(PublicKeys::read)
                .map(PublicKeys::parse)
                .orElseThrow(() -> new IllegalArgumentException("mp.jwt.verify.issuer is set, but neither"
                        + " mp.jwt.verify.publickey nor mp.jwt.verify.publickey.location is"));
    }

    public static List<JWK> parse(String text) {
        String trimmed = text.trim();
        try {
            if (trimmed.startsWith("{")) {
                return publicOnly(fromJson(trimmed));
            }
            if (trimmed.contains("-----BEGIN ")) {
                return publicOnly(fromPem(trimmed));
            }
            byte[] decoded = decodeBase64(trimmed);
            String asText = new String(decoded, UTF_8).trim();
            return publicOnly(asText.startsWith("{") ? fromJson(asText) : List.of(toJwk(derPublicKey(decoded))));
        } catch (ParseException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read the JWT verification key: " + e.getMessage(), e);
        }
    }

    static String read(String location) {
        if (location.matches("(?i)^https?://.*")) {
            throw new IllegalArgumentException("mp.jwt.verify.publickey.location must be a file or classpath"
                    + " resource; keys are not fetched over the network");
        }
        String name = location.replaceFirst("^(classpath|file):", "");
        try {
            Path path = Path.of(name);
            if (Files.isRegularFile(path)) {
                return Files.readString(path, UTF_8);
            }
            ClassLoader loader = Optional.ofNullable(Thread.currentThread().getContextClassLoader())
                    .orElse(PublicKeys.class.getClassLoader());
            try (InputStream in = loader.getResourceAsStream(name.replaceFirst("^/", ""))) {
                if (in == null) {
                    throw new IllegalArgumentException("no file or classpath resource " + location);
                }
                return new String(in.readAllBytes(), UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + location, e);
        }
    }

    private static List<JWK> fromJson(String json) throws ParseException {
        return json.contains("\"keys\"") ? JWKSet.parse(json).getKeys() : List.of(JWK.parse(json));
    }

    private static List<JWK> fromPem(String pem) throws GeneralSecurityException {
        var keys = new ArrayList<JWK>();
        Matcher block = PEM.matcher(pem);
        while (block.find()) {
            byte[] der = decodeBase64(block.group(2));
            switch (block.group(1)) {
                case "PUBLIC KEY" -> keys.add(toJwk(derPublicKey(der)));
                case "CERTIFICATE" -> keys.add(toJwk(CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(der)).getPublicKey()));
                default -> throw new IllegalArgumentException("unsupported PEM block " + block.group(1)
                        + " (use PUBLIC KEY or CERTIFICATE)");
            }
        }
        return keys;
    }

    private static PublicKey derPublicKey(byte[] der) throws GeneralSecurityException {
        var spec = new X509EncodedKeySpec(der);
        try {
            return KeyFactory.getInstance("RSA").generatePublic(spec);
        } catch (GeneralSecurityException notRsa) {
            return KeyFactory.getInstance("EC").generatePublic(spec);
        }
    }

    private static JWK toJwk(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return new RSAKey.Builder(rsa).build();
        }
        if (key instanceof ECPublicKey ec) {
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            if (curve == null) {
                throw new IllegalArgumentException("unsupported elliptic curve");
            }
            return new ECKey.Builder(curve, ec).build();
        }
        throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm());
    }

    private static List<JWK> publicOnly(List<JWK> keys) {
        List<JWK> usable = keys.stream()
                .filter(key -> key instanceof RSAKey || key instanceof ECKey)
                .map(JWK::toPublicJWK)
                .toList();
        if (usable.isEmpty()) {
            throw new IllegalArgumentException("no RSA or EC public key found");
        }
        return usable;
    }

    private static byte[] decodeBase64(String text) {
        String compact = text.replaceAll("\\s", "");
        return compact.contains("-") || compact.contains("_")
                ? Base64.getUrlDecoder().decode(compact.replace("=", ""))
                : Base64.getDecoder().decode(compact);
    }
}
