package io.tocsin.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the bench suite's processes in /proc (and not those of another suite on the same machine). */
final class Procs {

    private Procs() {
    }

    /** The process whose command line contains {@code commandPart} and whose environment holds {@code envEntry}. */
    static Optional<Long> find(String commandPart, String envEntry) throws IOException {
        return scan((cmdline, proc) -> {
            if (!cmdline.contains(commandPart)) {
                return false;
            }
            String environ = read(proc.resolve("environ"));
            return ("\0" + environ).contains("\0" + envEntry + "\0");
        });
    }

    /** The process whose command line contains {@code commandPart} followed (anywhere) by {@code option value}. */
    static Optional<Long> findByArgument(String commandPart, String option, String value) throws IOException {
        return scan((cmdline, proc) -> cmdline.contains(commandPart) && cmdline.contains("\0" + option + "\0" + value));
    }

    private interface Match {
        boolean test(String cmdline, Path proc) throws IOException;
    }

    private static Optional<Long> scan(Match match) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
                try {
                    if (match.test(read(proc.resolve("cmdline")), proc)) {
                        return Optional.of(Long.parseLong(proc.getFileName().toString()));
                    }
                } catch (IOException gone) {
                    // ended meanwhile, or not ours to read
                }
            }
        }
        return Optional.empty();
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }
}
