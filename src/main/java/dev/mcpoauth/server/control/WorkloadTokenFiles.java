package dev.mcpoauth.server.control;

import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The files a workload identity token may be read from. What the broker reads there it sends to
 * an authorization server, so an admin's setting must not be a way to send any file of the
 * broker's host away: only files under the directories the operator allows, only a JWT's worth.
 */
@Dependent
public class WorkloadTokenFiles {

    static final int MAX_BYTES = 16_384;
    /** A compact JWS (RFC 7515 §7.1): three base64url parts, the last possibly empty. */
    public static final String JWT_SHAPE = "[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*";
    static final Pattern JWT = Pattern.compile(JWT_SHAPE);
    public static final String DIRECTORIES_KEY = "mcpoauth.security.workload-token-directories";

    final List<Path> directories;

    @Inject
    public WorkloadTokenFiles(
            @ConfigProperty(name = DIRECTORIES_KEY, defaultValue = "/var/run/secrets,/run/secrets") String directories) {
        this.directories = Arrays.stream(directories.split(","))
                .map(String::strip).filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir).toAbsolutePath().normalize())
                .toList();
    }

    /** @throws ProblemException invalid-input when the file lies outside every allowed directory */
    public void requireAllowed(String file) {
        Path path = Path.of(file).toAbsolutePath().normalize();
        if (directories.stream().noneMatch(path::startsWith)) {
            throw new ProblemException(Problem.INVALID_INPUT, "workloadTokenFile must lie under one of "
                    + directories + " (" + DIRECTORIES_KEY + ").");
        }
    }

    /**
     * The token as the file holds it now (a projected token is rotated in place). Symbolic links
     * are resolved before the directory check, so a link cannot lead out of an allowed directory.
     *
     * @throws ProblemException server-not-set-up when it is outside the allowed directories,
     *     unreadable, too large or not a JWT
     */
    public String read(String file) {
        try {
            Path real = Path.of(file).toRealPath();
            if (directories.stream().noneMatch(dir -> real.startsWith(realOrSelf(dir)))) {
                throw notUsable(file, "it lies outside the directories " + DIRECTORIES_KEY + " allows");
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(real)) {
                bytes = in.readNBytes(MAX_BYTES + 1);
            }
            if (bytes.length > MAX_BYTES) {
                throw notUsable(file, "it is larger than " + MAX_BYTES + " bytes");
            }
            String token = new String(bytes, StandardCharsets.US_ASCII).strip();
            if (!JWT.matcher(token).matches()) {
                throw notUsable(file, "it does not hold a JWT");
            }
            return token;
        } catch (IOException e) {
            throw notUsable(file, "it cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    static Path realOrSelf(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir;
        }
    }

    static ProblemException notUsable(String file, String why) {
        return new ProblemException(Problem.SERVER_NOT_SET_UP, "The workload identity token file " + file
                + " cannot be used: " + why + ".");
    }
}
