package dev.mcpoauth.sealing.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data directory and its files are their owner's alone, and hold no H2 trace file. */
class PrivateDirectoryTest {

    @TempDir
    Path temp;

    @Test
    void createsAMissingDirectoryOwnerOnly() throws IOException {
        Path data = temp.resolve("deeper/data");

        new PrivateDirectory(data).secure();

        assertThat(mode(data)).isEqualTo("rwx------");
    }

    @Test
    void tightensWhatAnEarlierStartLeftAndDeletesTheTraceFile() throws IOException {
        Path data = Files.createDirectory(temp.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path database = Files.writeString(data.resolve("broker.mv.db"), "pages");
        Files.setPosixFilePermissions(database, PosixFilePermissions.fromString("rw-r--r--"));
        Path trace = Files.writeString(data.resolve("broker.trace.db"), "INSERT INTO token_set VALUES(...)");

        new PrivateDirectory(data).secure();

        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(database)).isEqualTo("rw-------");
        assertThat(trace).doesNotExist();
    }

    @Test
    void createsTheParentOfAPrivateFileOwnerOnly() throws IOException {
        Path key = temp.resolve("fresh/sealing-keys");

        new PrivateFile(key).readOrCreate(() -> "k1:secret");

        assertThat(mode(key.getParent())).isEqualTo("rwx------");
        assertThat(mode(key)).isEqualTo("rw-------");
    }

    static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
