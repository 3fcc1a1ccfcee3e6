package dev.mcpoauth.sealing.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mcpoauth.sealing.entity.KeyRing;
import dev.mcpoauth.sealing.entity.SealingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRingLoaderTest {

    @TempDir
    Path tmp;

    @Test
    void prefersConfiguredKeysAndWritesNoFile() {
        String key = Base64.getEncoder().encodeToString(new byte[32]);

        KeyRing ring = new KeyRingLoader(Optional.of("cfg:" + key), Optional.empty(), tmp).load();

        assertThat(ring.activeKeyId()).isEqualTo("cfg");
        assertThat(tmp.resolve(KeyRingLoader.KEY_FILE)).doesNotExist();
    }

    @Test
    void generatesAKeyFileReadableOnlyByItsOwner() throws Exception {
        Path dataDir = tmp.resolve("nested/data");

        KeyRing ring = new KeyRingLoader(Optional.empty(), Optional.empty(), dataDir).load();

        Path file = dataDir.resolve(KeyRingLoader.KEY_FILE);
        assertThat(file).exists();
        assertThat(ring.activeKeyId()).startsWith("local-");
        assumeTrue(file.getFileSystem().supportedFileAttributeViews().contains("posix"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void reusesTheGeneratedKeyFileOnTheNextStart() {
        var loader = new KeyRingLoader(Optional.of(" "), Optional.empty(), tmp);
        String sealed = new SecretSealer(loader.load()).seal("secret", "ctx");

        KeyRing again = loader.load();

        assertThat(new SecretSealer(again).open(sealed, "ctx")).isEqualTo("secret");
    }

    @Test
    void readsAHandEditedKeyFileWithComments() throws Exception {
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        Files.writeString(tmp.resolve(KeyRingLoader.KEY_FILE), "# rotated\nnew:" + key + "\n\nold:" + key + "\n");

        KeyRing ring = new KeyRingLoader(Optional.empty(), Optional.empty(), tmp).load();

        assertThat(ring.activeKeyId()).isEqualTo("new");
        assertThat(ring.keys()).containsOnlyKeys("new", "old");
    }

    @Test
    void namesTheKeyFileWhenItIsMalformed() throws Exception {
        Files.writeString(tmp.resolve(KeyRingLoader.KEY_FILE), "k:short");

        assertThatThrownBy(() -> new KeyRingLoader(Optional.empty(), Optional.empty(), tmp).load())
                .isInstanceOf(SealingException.class)
                .hasMessageContaining(KeyRingLoader.KEY_FILE);
    }
}
