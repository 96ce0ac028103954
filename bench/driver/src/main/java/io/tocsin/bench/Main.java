package io.tocsin.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Runs the benchmark scenarios against a running bench suite (started by bench/run.sh), prints the
 * table and writes it as JSON. Usage: {@code Main --root DIR --data DIR --work DIR --out FILE
 * [--mode full|smoke] [--offset N] [--pgbench PATH] [--wrk PATH] [--alertmanager PATH] [--only a,b]
 * [--environment JSON]}.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path root = Path.of(require(options, "root")).toAbsolutePath();
        Path data = Path.of(require(options, "data")).toAbsolutePath();
        Path work = Path.of(require(options, "work")).toAbsolutePath();
        Path out = Path.of(require(options, "out")).toAbsolutePath();
        Files.createDirectories(work);
        Bench.Mode mode = "smoke".equals(options.get("mode")) ? Bench.Mode.SMOKE : Bench.Mode.FULL;
        int offset = Integer.parseInt(options.getOrDefault("offset", "100"));
        Set<String> only = options.containsKey("only") ? Set.of(options.get("only").split(",")) : Set.of();
        Instant began = Instant.now();
        List<Result> results = new ArrayList<>();
        try (Bench bench = new Bench(root, data, work, mode, offset, tool(options, "wrk"), tool(options, "alertmanager"),
                tool(options, "pgbench"))) {
            Map<String, Callable<List<Result>>> scenarios = new LinkedHashMap<>();
            scenarios.put("start", () -> new StartScenario(bench).run());
            scenarios.put("create", () -> new CreateScenario(bench).run());
            scenarios.put("alerts", () -> List.of(new AlertStormScenario(bench).run()));
            scenarios.put("signals", () -> List.of(new SignalScenario(bench).run()));
            scenarios.put("flip", () -> List.of(new FlipScenario(bench).run()));
            scenarios.put("fanout", () -> List.of(new FanoutScenario(bench).run()));
            scenarios.put("list", () -> List.of(new ListScenario(bench).run()));
            for (Map.Entry<String, Callable<List<Result>>> scenario : scenarios.entrySet()) {
                if (!only.isEmpty() && !only.contains(scenario.getKey())) {
                    continue;
                }
                long start = System.nanoTime();
                try {
                    if (!scenario.getKey().equals("start")) {
                        double waited = bench.awaitQuiet(Duration.ofSeconds(300));
                        if (waited >= 1) {
                            Bench.log("%s: waited %.0fs for the suite to finish the previous scenario's work", scenario.getKey(), waited);
                        }
                    }
                    results.addAll(scenario.getValue().call());
                } catch (Exception | AssertionError e) {
                    Bench.log("%s failed: %s", scenario.getKey(), e);
                    results.add(Result.failed(scenario.getKey(), scenario.getKey(), "—", e.toString()));
                }
                Bench.log("%s took %.0fs", scenario.getKey(), (System.nanoTime() - start) / 1e9);
            }
        }
        JsonObject report = new JsonObject().put("mode", mode.name().toLowerCase()).put("startedAt", began.toString())
                .put("finishedAt", Instant.now().toString())
                .put("environment", options.containsKey("environment") ? new JsonObject(Files.readString(Path.of(options.get("environment"))))
                        : new JsonObject());
        JsonArray rows = new JsonArray();
        results.forEach(r -> rows.add(r.toJson()));
        report.put("scenarios", rows);
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.encodePrettily() + "\n", StandardCharsets.UTF_8);
        System.out.println(table(results));
        Bench.log("results written to %s", out);
        // Exit status: 0 when every scenario produced a figure (goals may be missed), 1 when one failed to run.
        System.exit(results.stream().anyMatch(r -> r.figure() == null) ? 1 : 0);
    }

    static String table(List<Result> results) {
        StringBuilder b = new StringBuilder();
        b.append("| scenario | measured | figure | reference (same run) | ratio | goal | met |\n");
        b.append("|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            b.append("| ").append(r.scenario()).append(" | ").append(r.measured()).append(" | ")
                    .append(r.figure() == null ? "—" : format(r.figure()) + " " + r.unit()).append(" | ")
                    .append(r.referenceName() == null ? "—" : r.referenceName() + ": "
                            + (r.reference() == null ? "unavailable" : format(r.reference())))
                    .append(" | ").append(r.ratio() == null ? "—" : String.format("%.2f", r.ratio())).append(" | ")
                    .append(r.goal()).append(" | ").append(r.met() == null ? "n/a" : r.met() ? "yes" : "**no**").append(" |\n");
        }
        b.append('\n');
        for (Result r : results) {
            if (r.note() != null && !r.note().isBlank()) {
                b.append("- ").append(r.scenario()).append(": ").append(r.note()).append('\n');
            }
        }
        return b.toString();
    }

    private static String format(double value) {
        return value >= 100 ? String.format("%,.0f", value) : String.format("%.2f", value);
    }

    private static Optional<Path> tool(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Path path = Path.of(value);
        return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }

    private static String require(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
