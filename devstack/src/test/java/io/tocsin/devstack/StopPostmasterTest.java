package io.tocsin.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The last resort of a stop that failed half-way (e.g. its class loader was closed at JVM exit): the postmaster named
 * in the pid file is stopped with JDK means only, and nothing is left running.
 */
class StopPostmasterTest {

    @TempDir
    Path dir;

    @Test
    void thePostmasterOfAStackIsStoppedThroughItsPidFile() throws Exception {
        Path data = dir.resolve("data");
        try (DevStack stack = DevStack.start(new DevStackOptions(0, 0, data))) {
            long pid = Long.parseLong(Files.readAllLines(data.resolve("postgres/postmaster.pid")).get(0).trim());
            Optional<ProcessHandle> postmaster = ProcessHandle.of(pid);
            assertThat(postmaster).isPresent();
            assertThat(postmaster.get().isAlive()).isTrue();

            RunningStack.stopPostmaster(data.resolve("postgres"));

            assertThat(postmaster.get().isAlive()).isFalse();
            assertThat(stack.postgresPort()).isPositive();
        } catch (IllegalStateException | java.io.UncheckedIOException stopOfADeadServer) {
            // closing the stack afterwards may report that its server was already gone: that is expected here
        }
        // A missing pid file is no failure either.
        RunningStack.stopPostmaster(dir.resolve("nowhere"));
    }
}
