package io.tocsin.fakes;

import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps what the fakes received, in arrival order: in memory (for the console and tests) and, when a folder is
 * given, one file per request under {@code <folder>/<fake>/}, so that they can be read with any tool.
 */
public final class Recorder {

    private final Path folder;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();
    private final List<Recorded> all = new ArrayList<>();

    public Recorder(Path folder, Clock clock) {
        this.folder = folder;
        this.clock = clock;
    }

    public Recorded record(String fake, String method, String path, Map<String, String> headers, String body) {
        Recorded recorded = new Recorded(sequence.incrementAndGet(), fake, clock.instant(), method, path, Map.copyOf(headers),
                body);
        synchronized (all) {
            all.add(recorded);
        }
        write(fake, String.format("%06d-%s.json", recorded.seq(), method), recorded.toJson().encodePrettily());
        return recorded;
    }

    /** Writes a file under the fake's folder (when there is one). */
    void write(String fake, String name, String content) {
        if (folder == null) {
            return;
        }
        try {
            Path dir = Files.createDirectories(folder.resolve(fake));
            Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not record into " + folder, e);
        }
    }

    long nextSeq() {
        return sequence.incrementAndGet();
    }

    /** What {@code fake} received so far, oldest first. */
    public List<Recorded> of(String fake) {
        synchronized (all) {
            return all.stream().filter(r -> r.fake().equals(fake)).toList();
        }
    }

    public JsonArray toJson(String fake) {
        JsonArray array = new JsonArray();
        of(fake).forEach(r -> array.add(r.toJson()));
        return array;
    }

    public Path folder() {
        return folder;
    }
}
