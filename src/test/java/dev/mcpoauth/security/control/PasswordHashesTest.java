package dev.mcpoauth.security.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class PasswordHashesTest {

    static final char[] PASSWORD = "correct horse battery staple".toCharArray();

    @Test
    void verifiesTheHashedPassword() {
        String stored = PasswordHashes.hash(PASSWORD.clone(), 1_000);

        assertThat(PasswordHashes.verify(PASSWORD.clone(), stored)).isTrue();
    }

    @Test
    void rejectsAWrongPassword() {
        String stored = PasswordHashes.hash(PASSWORD.clone(), 1_000);

        assertThat(PasswordHashes.verify("correct horse battery stapl".toCharArray(), stored)).isFalse();
    }

    @Test
    void writesSchemeIterationsSixteenByteSaltAndHash() {
        String[] parts = PasswordHashes.hash(PASSWORD.clone()).split("\\$");

        assertThat(parts).hasSize(4);
        assertThat(parts[0]).isEqualTo("pbkdf2-sha256");
        assertThat(parts[1]).isEqualTo("210000");
        assertThat(Base64.getDecoder().decode(parts[2])).hasSize(16);
        assertThat(Base64.getDecoder().decode(parts[3])).hasSize(32);
    }

    @Test
    void saltsEveryHashDifferently() {
        assertThat(PasswordHashes.hash(PASSWORD.clone(), 1_000)).isNotEqualTo(PasswordHashes.hash(PASSWORD.clone(), 1_000));
    }

    @Test
    void usesTheIterationsOfTheStoredHash() {
        String stored = PasswordHashes.hash(PASSWORD.clone(), 1_234);

        assertThat(stored).startsWith("pbkdf2-sha256$1234$");
        assertThat(PasswordHashes.verify(PASSWORD.clone(), stored)).isTrue();
    }

    @Test
    void rejectsMalformedStoredHashesWithoutEchoingThem() {
        String salt = Base64.getEncoder().encodeToString(new byte[16]);
        String hash = Base64.getEncoder().encodeToString(new byte[32]);
        for (String malformed : new String[] {"", "plain-text-password", "bcrypt$10$" + salt + "$" + hash,
                "pbkdf2-sha256$many$" + salt + "$" + hash, "pbkdf2-sha256$0$" + salt + "$" + hash,
                "pbkdf2-sha256$1000$***$" + hash, "pbkdf2-sha256$1000$" + salt + "$AAAA",
                "pbkdf2-sha256$1000$" + salt}) {
            assertThat(PasswordHashes.isWellFormed(malformed)).as(malformed).isFalse();
            assertThatThrownBy(() -> PasswordHashes.verify(PASSWORD.clone(), malformed))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("malformed password hash")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("plain-text-password"));
        }
    }
}
