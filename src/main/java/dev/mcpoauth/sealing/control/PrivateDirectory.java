package dev.mcpoauth.sealing.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The data directory: the H2 database, the generated sealing key and admin password. Only its
 * owner may enter it (0700), and every file in it is the owner's alone (0600). H2 creates its
 * files with the process's umask, so the directory's mode is what keeps others out of a file
 * just created; {@link #secure()} also tightens what an earlier start left, and deletes H2 trace
 * files, which record statement values.
 */
public record PrivateDirectory(Path path) {

    static final System.Logger LOGGER = System.getLogger(PrivateDirectory.class.getName());
    static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    static final String H2_TRACE_SUFFIX = ".trace.db";

    public PrivateDirectory {
        path = path.toAbsolutePath().normalize();
    }

    /** Creates the directory owner-only, or makes it so, and restricts the files in it to their owner. */
    public void secure() {
        try {
            create();
            if (!isPosix()) {
                return;
            }
            restrict(path, OWNER_ONLY_DIRECTORY);
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
                for (Path entry : entries) {
                    secureEntry(entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restrict the data directory " + path + " to its owner", e);
        }
    }

    /** Creates the directory, owner-only where the file system knows modes, unless it exists. */
    void create() throws IOException {
        if (isPosix() && !Files.isDirectory(path)) {
            Files.createDirectories(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
        } else {
            Files.createDirectories(path);
        }
    }

    void secureEntry(Path entry) throws IOException {
        if (!Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (entry.getFileName().toString().endsWith(H2_TRACE_SUFFIX)) {
            Files.delete(entry);
            LOGGER.log(System.Logger.Level.WARNING, "Deleted the H2 trace file {0}: it may record statement values."
                    + " The database URL turns tracing to a file off (TRACE_LEVEL_FILE=0).", entry);
            return;
        }
        restrict(entry, PrivateFile.OWNER_ONLY);
    }

    static void restrict(Path target, Set<PosixFilePermission> allowed) throws IOException {
        Set<PosixFilePermission> current = Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS);
        if (!allowed.containsAll(current)) {
            Set<PosixFilePermission> tightened = EnumSet.copyOf(current);
            tightened.retainAll(allowed);
            Files.setPosixFilePermissions(target, tightened);
            LOGGER.log(System.Logger.Level.INFO, "Restricted {0} to its owner (was {1})", target,
                    PosixFilePermissions.toString(current));
        }
    }

    boolean isPosix() {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
