package dev.mcpoauth.sealing.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mcpoauth.sealing.entity.SigningKeyRing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {

    @TempDir
    Path tmp;

    @Test
    void generatesAKeyFileReadableOnlyByItsOwnerAndKeepsItsKeyAcrossStarts() throws Exception {
        SigningKeyRing generated = SigningKeys.load(Optional.empty(), Optional.empty(), tmp);

        Path file = tmp.resolve(SigningKeys.KEY_FILE);
        assertThat(generated.activeKeyId()).startsWith("local-");
        assertThat(generated.activeKey().getModulus().bitLength()).isEqualTo(SigningKeys.GENERATED_BITS);
        assertThat(SigningKeys.load(Optional.of(" "), Optional.empty(), tmp).jwks()).isEqualTo(generated.jwks());
        assumeTrue(file.getFileSystem().supportedFileAttributeViews().contains("posix"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void prefersConfiguredKeysAndWritesNoFile() throws Exception {
        String entry = SigningKeyRing.entry("cfg", SigningKeys.load(Optional.empty(), Optional.empty(),
                tmp.resolve("other")).activeKey());

        SigningKeyRing ring = SigningKeys.load(Optional.of(entry), Optional.empty(), tmp);

        assertThat(ring.activeKeyId()).isEqualTo("cfg");
        assertThat(tmp.resolve(SigningKeys.KEY_FILE)).doesNotExist();
    }
}
