package dev.mcpoauth.server.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A workload's token is read only from the allowed directories, and only when it is a JWT. */
class WorkloadTokenFilesTest {

    static final String JWT = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ3b3JrbG9hZCJ9.c2lnbmF0dXJl";

    @TempDir
    Path root;

    @Test
    void readsTheTokenAsTheFileHoldsItNow() throws Exception {
        Path allowed = Files.createDirectories(root.resolve("secrets/tokens"));
        Path file = Files.writeString(allowed.resolve("mcp"), JWT + "\n");
        WorkloadTokenFiles files = new WorkloadTokenFiles(root.resolve("secrets").toString());

        files.requireAllowed(file.toString());
        assertThat(files.read(file.toString())).isEqualTo(JWT);
        Files.writeString(file, JWT.replace("c2ln", "bmV3"));
        assertThat(files.read(file.toString())).endsWith("bmV3bmF0dXJl");
    }

    @Test
    void refusesAFileOutsideTheAllowedDirectoriesHoweverItIsNamed() throws Exception {
        Path allowed = Files.createDirectories(root.resolve("secrets"));
        Path outside = Files.writeString(root.resolve("other"), JWT);
        Files.createSymbolicLink(allowed.resolve("link"), outside);
        WorkloadTokenFiles files = new WorkloadTokenFiles(allowed.toString());

        assertThatThrownBy(() -> files.requireAllowed(outside.toString())).isInstanceOf(ProblemException.class)
                .hasMessageContaining(WorkloadTokenFiles.DIRECTORIES_KEY);
        assertThatThrownBy(() -> files.requireAllowed(allowed + "/../other")).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> files.read(allowed.resolve("link").toString()))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.SERVER_NOT_SET_UP))
                .hasMessageContaining("outside");
    }

    @Test
    void sendsNothingThatIsNotAJwt() throws Exception {
        Path allowed = Files.createDirectories(root.resolve("secrets"));
        Path text = Files.writeString(allowed.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        Path large = Files.writeString(allowed.resolve("large"), "a.b." + "c".repeat(20_000));
        WorkloadTokenFiles files = new WorkloadTokenFiles(allowed.toString());

        assertThatThrownBy(() -> files.read(text.toString())).hasMessageContaining("does not hold a JWT")
                .hasMessageNotContaining("root:x");
        assertThatThrownBy(() -> files.read(large.toString())).hasMessageContaining("larger than");
        assertThatThrownBy(() -> files.read(allowed.resolve("missing").toString())).hasMessageContaining("cannot be read");
    }
}
