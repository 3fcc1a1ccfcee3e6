package dev.mcpoauth.sealing.control;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** A file only its owner may read or write, created once with generated contents and reused afterwards. */
public record PrivateFile(Path path) {

    static final System.Logger LOGGER = System.getLogger(PrivateFile.class.getName());
    static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    public record Contents(String text, boolean created) {

        @Override
        public String toString() {
            return "Contents[created=" + created + "]";
        }
    }

    public PrivateFile {
        path = path.toAbsolutePath().normalize();
    }

    public Contents readOrCreate(Supplier<String> initialText) {
        try {
            // owner-only when created here, so that nobody else can reach the files put in it later
            new PrivateDirectory(path.getParent()).create();
            if (Files.exists(path)) {
                return new Contents(read(), false);
            }
            String text = initialText.get();
            try {
                create(text);
                return new Contents(text, true);
            } catch (FileAlreadyExistsException raced) {
                return new Contents(read(), false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + path, e);
        }
    }

    private String read() throws IOException {
        if (isPosix()) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            if (!OWNER_ONLY.containsAll(permissions)) {
                LOGGER.log(System.Logger.Level.WARNING, "{0} is readable or writable by others ({1}); restrict it to"
                        + " its owner", path, PosixFilePermissions.toString(permissions));
            }
        }
        return Files.readString(path, UTF_8);
    }

    private void create(String text) throws IOException {
        if (isPosix()) {
            // permissions set atomically at creation, so the secret is never readable by others
            Files.createFile(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(path);
            restrictToOwner();
        }
        try {
            Files.writeString(path, text, UTF_8, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(path);
            throw e;
        }
    }

    private void restrictToOwner() throws IOException {
        var acl = Files.getFileAttributeView(path, AclFileAttributeView.class);
        if (acl == null) {
            LOGGER.log(System.Logger.Level.WARNING, "cannot restrict {0} to its owner on this file system", path);
            return;
        }
        acl.setAcl(List.of(AclEntry.newBuilder()
                .setType(AclEntryType.ALLOW)
                .setPrincipal(Files.getOwner(path))
                .setPermissions(EnumSet.allOf(AclEntryPermission.class))
                .build()));
    }

    private boolean isPosix() {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
