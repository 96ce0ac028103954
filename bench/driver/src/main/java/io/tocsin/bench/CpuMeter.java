package io.tocsin.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time (user + system) spent by each process of the bench suite between two snapshots: the four
 * services, PostgreSQL (all its backends) and the broker (devstack). Tells where a scenario's CPU went
 * on a machine where everything shares two cores.
 */
final class CpuMeter {

    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux
    private final Map<String, List<Long>> pids = new LinkedHashMap<>();

    CpuMeter(Bench bench) {
        try {
            put("gateway", Procs.find("gateway/target/quarkus-app/quarkus-run.jar", "QUARKUS_HTTP_PORT=" + bench.gatewayPort()));
            put("incident-service", Procs.find("incident-service/target/quarkus-app/quarkus-run.jar",
                    "QUARKUS_HTTP_PORT=" + bench.incidentPort()));
            put("autodraft-service", Procs.find("autodraft-service/target/quarkus-app/quarkus-run.jar",
                    "QUARKUS_HTTP_PORT=" + bench.autodraftPort()));
            put("notifier-service", Procs.find("notifier-service/target/quarkus-app/quarkus-run.jar",
                    "QUARKUS_HTTP_PORT=" + bench.notifierPort()));
            put("broker (devstack)", Procs.findByArgument("io.tocsin.devstack.DevStackMain", "--data", bench.data.toString()));
            String postmaster = Files.readAllLines(bench.data.resolve("postgres/postmaster.pid")).get(0).trim();
            long pg = Long.parseLong(postmaster);
            pids.put("postgresql", Stream.concat(Stream.of(pg), ProcessHandle.of(pg).map(h -> h.children().map(ProcessHandle::pid))
                    .orElse(Stream.empty())).toList());
        } catch (IOException | RuntimeException e) {
            Bench.log("cpu meter: %s", e.getMessage());
        }
        pids.put("bench driver", List.of(ProcessHandle.current().pid()));
    }

    private void put(String name, java.util.Optional<Long> pid) {
        pid.ifPresent(p -> pids.put(name, List.of(p)));
    }

    Map<String, Long> snapshot() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        pids.forEach((name, list) -> ticks.put(name, list.stream().mapToLong(CpuMeter::ticks).sum()));
        return ticks;
    }

    /** CPU milliseconds per process since {@code before}, and per operation when {@code operations} > 0. */
    JsonObject since(Map<String, Long> before, long operations) {
        Map<String, Long> after = snapshot();
        JsonObject out = new JsonObject();
        after.forEach((name, t) -> {
            long ms = (t - before.getOrDefault(name, t)) * 1000 / TICKS_PER_SECOND;
            JsonObject entry = new JsonObject().put("cpu_ms", ms);
            if (operations > 0) {
                entry.put("cpu_ms_per_op", Result.round((double) ms / operations, 3));
            }
            out.put(name, entry);
        });
        return out;
    }

    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }
}
