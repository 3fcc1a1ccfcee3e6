package dev.mcpoauth.sealing.control;

import dev.mcpoauth.sealing.entity.SealingException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A key file of the embedded default in the private data directory: read, or generated on the
 * first start (owner-only, {@link PrivateFile}), then parsed without its {@code #} comment lines.
 */
record KeyFile(Path path, String what) {

    record Loaded<T>(T keys, boolean created) {
    }

    <T> Loaded<T> load(Supplier<String> generate, Function<String, T> parse) {
        var file = new PrivateFile(path);
        PrivateFile.Contents contents;
        try {
            contents = file.readOrCreate(generate);
        } catch (UncheckedIOException e) {
            throw new SealingException("cannot read or create the " + what + " file " + path, e);
        }
        try {
            return new Loaded<>(parse.apply(withoutComments(contents.text())), contents.created());
        } catch (SealingException e) {
            throw new SealingException(path + ": " + e.getMessage());
        }
    }

    static String withoutComments(String text) {
        return text.lines()
                .map(String::trim)
                .filter(line -> !line.startsWith("#"))
                .collect(Collectors.joining("\n"));
    }
}
