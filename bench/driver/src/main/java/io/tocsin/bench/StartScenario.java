package io.tocsin.bench;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Service start (JVM mode): each service's own "started in" time (Quarkus' figure, from launch to
 * ready to serve) and its resident memory at idle, right after the suite came up; against a bare
 * quarkus-rest app of the same Quarkus version started the same way ({@code java -jar}, default
 * JVM settings). Alongside, not as the goal's reference: an app with the services' extensions and
 * none of their code ({@code bench/extensions-app}), started in turns with the bare app, to show
 * what the extensions alone cost.
 */
final class StartScenario {

    private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");
    private static final List<String> SERVICES = List.of("gateway", "incident-service", "autodraft-service", "notifier-service");

    private final Bench bench;

    StartScenario(Bench bench) {
        this.bench = bench;
    }

    List<Result> run() throws Exception {
        JsonObject services = new JsonObject();
        for (String service : SERVICES) {
            int port = switch (service) {
                case "gateway" -> bench.gatewayPort();
                case "incident-service" -> bench.incidentPort();
                case "autodraft-service" -> bench.autodraftPort();
                default -> bench.notifierPort();
            };
            String log = Files.readString(bench.data.resolve("logs/" + service + ".log"), StandardCharsets.UTF_8);
            Matcher m = STARTED.matcher(log);
            Double started = m.find() ? Double.parseDouble(m.group(1)) : null;
            Optional<Long> pid = Procs.find(service + "/target/quarkus-app/quarkus-run.jar", "QUARKUS_HTTP_PORT=" + port);
            Long rss = pid.map(StartScenario::rssKb).orElse(null);
            services.put(service, new JsonObject().put("started_in_s", started).put("rss_mb", rss == null ? null : Result.round(rss / 1024.0, 1)));
        }
        int runs = bench.full() ? 3 : 1;
        Path bareJar = bench.root.resolve("bench/bare-app/target/quarkus-app/quarkus-run.jar");
        Path extensionsJar = bench.root.resolve("bench/extensions-app/target/quarkus-app/quarkus-run.jar");
        Map<String, String> extensionsEnv = Map.of(
                "EXTENSIONS_APP_DB_REACTIVE_URL", "postgresql://127.0.0.1:" + bench.pgPort() + "/tocsin",
                "EXTENSIONS_APP_DB_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + bench.pgPort() + "/tocsin",
                "EXTENSIONS_APP_JWT_PUBLIC_KEY_LOCATION", "file:" + bench.data.resolve("keys/public.pem").toAbsolutePath());
        Runs bare = new Runs();
        Runs extensions = Files.isRegularFile(extensionsJar) ? new Runs() : null;
        for (int i = 0; i < runs; i++) {
            start("bare app", bareJar, Map.of(), bare, bench.seconds(5, 2));
            if (extensions != null) {
                start("extensions app", extensionsJar, extensionsEnv, extensions, bench.seconds(5, 2));
            }
        }
        double bareStart = median(bare.starts);
        double bareMb = median(bare.rss);
        JsonObject details = new JsonObject().put("services", services).put("bare_app", bare.json(runs));
        if (extensions != null) {
            details.put("extensions_app", extensions.json(runs));
        }
        Bench.log("start: services %s; bare app started in %.3fs, %.0f MB%s", services.encode(), bareStart, bareMb,
                extensions == null ? "" : String.format("; extensions app %.3fs, %.0f MB", median(extensions.starts),
                        median(extensions.rss)));

        double worstStart = 0;
        double worstRss = 0;
        String slowest = "?";
        String biggest = "?";
        StringBuilder startNote = new StringBuilder();
        StringBuilder rssNote = new StringBuilder();
        for (String service : SERVICES) {
            JsonObject s = services.getJsonObject(service);
            Double started = s.getDouble("started_in_s");
            Double rss = s.getDouble("rss_mb");
            if (started != null && started > worstStart) {
                worstStart = started;
                slowest = service;
            }
            if (rss != null && rss > worstRss) {
                worstRss = rss;
                biggest = service;
            }
            startNote.append(startNote.length() == 0 ? "" : ", ").append(service).append(' ').append(started).append('s');
            rssNote.append(rssNote.length() == 0 ? "" : ", ").append(service).append(' ').append(rss).append(" MB");
        }
        if (extensions != null) {
            double extensionsStart = median(extensions.starts);
            double extensionsMb = median(extensions.rss);
            startNote.append("; the services' extensions without their code (bench/extensions-app): ").append(extensionsStart)
                    .append("s, ").append(Result.ratio(extensionsStart, bareStart)).append("× the bare app");
            rssNote.append("; the services' extensions without their code: ").append(extensionsMb).append(" MB, ")
                    .append(Result.ratio(extensionsMb, bareMb)).append("× the bare app");
        }
        Double startRatio = Result.ratio(worstStart, bareStart);
        Double rssRatio = Result.ratio(worstRss, bareMb);
        return List.of(
                new Result("start-time", "service start: time to ready (JVM mode), slowest service: " + slowest,
                        "Quarkus \"started in\" (s)", worstStart, "s", "bare quarkus-rest app, same Quarkus", bareStart,
                        startRatio, "≤ 2× the bare app", startRatio == null ? null : startRatio <= 2.0, startNote.toString(),
                        details),
                new Result("start-rss", "service start: RSS at idle (JVM mode), largest service: " + biggest, "RSS (MB)",
                        worstRss, "MB", "bare quarkus-rest app, same Quarkus", bareMb, rssRatio, "≤ 2× the bare app",
                        rssRatio == null ? null : rssRatio <= 2.0, rssNote.toString(), new JsonObject()));
    }

    /** Figures of the runs of one reference app. */
    private static final class Runs {
        final List<Double> starts = new ArrayList<>();
        final List<Double> rss = new ArrayList<>();
        final List<Double> wall = new ArrayList<>();

        JsonObject json(int runs) {
            return new JsonObject().put("runs", runs).put("started_in_s", starts).put("rss_mb", rss).put("wall_to_first_answer_s", wall);
        }
    }

    /** Starts {@code jar}, waits until it answers, lets it idle, and records its start time and RSS. */
    private void start(String name, Path jar, Map<String, String> env, Runs into, Duration idle) throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the " + name + " is not built: " + jar);
        }
        Path log = bench.work.resolve(name.replace(' ', '-') + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Map<String, String> environment = new java.util.HashMap<>(env);
        environment.put("BARE_APP_PORT", String.valueOf(bench.bareAppPort()));
        long begin = System.nanoTime();
        Process process = External.start(List.of(java, "-jar", jar.toString()), environment, log);
        try (Http http = new Http(bench.vertx, bench.bareAppPort(), 2)) {
            long deadline = begin + Duration.ofSeconds(60).toNanos();
            while (true) {
                try {
                    if (http.await(new Http.Call(HttpMethod.GET, "/hello", Map.of(), null)).status() == 200) {
                        break;
                    }
                } catch (IllegalStateException notYet) {
                    // not listening yet
                }
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the " + name + " did not answer: " + External.tail(Files.readString(log)));
                }
                Thread.sleep(10);
            }
            into.wall.add(Result.round((System.nanoTime() - begin) / 1e9, 3));
            Thread.sleep(idle.toMillis());
            Matcher m = STARTED.matcher(Files.readString(log, StandardCharsets.UTF_8));
            into.starts.add(m.find() ? Double.parseDouble(m.group(1)) : Double.NaN);
            into.rss.add(Result.round(rssKb(process.pid()) / 1024.0, 1));
        } finally {
            External.stop(process, Duration.ofSeconds(10));
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static Long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException gone) {
            return null;
        }
        return null;
    }
}
