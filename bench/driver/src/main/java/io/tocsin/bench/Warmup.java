package io.tocsin.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Brings a path to its steady state before it is measured. A JVM service runs its hot paths
 * interpreted, then compiled once and again compiled with profile; on two shared cores that takes
 * minutes of load, and a cold service measures the JIT compiler rather than the design. So a
 * workload is repeated, one round at a time, until the rates of the last three rounds are within
 * 10 % of their highest and are not still climbing (each above the one before, the last more than
 * 5 % above the first: a slow ramp passes the 10 % test on its way up), or until the round limit.
 * The rounds' rates are kept with the results, so a warm-up that did not settle is visible.
 */
final class Warmup {

    /** One round of the workload; answers its rate (operations per second). */
    @FunctionalInterface
    interface Round {
        double run() throws Exception;
    }

    private static final int STEADY_ROUNDS = 3;
    private static final double STEADY = 0.10;
    private static final double CLIMBING = 0.05;

    private Warmup() {
    }

    /**
     * Repeats {@code round} until steady or {@code maxRounds} rounds were run; in smoke mode, one round.
     * Answers the rounds' rates and whether they settled.
     */
    static JsonObject untilSteady(Bench bench, String label, int maxRounds, Round round) throws Exception {
        JsonArray rates = new JsonArray();
        int limit = bench.full() ? Math.max(STEADY_ROUNDS, maxRounds) : 1;
        List<Double> last = new ArrayList<>();
        boolean steady = false;
        for (int i = 0; i < limit && !steady; i++) {
            double rate = round.run();
            rates.add(Result.round(rate, 1));
            last.add(rate);
            if (last.size() > STEADY_ROUNDS) {
                last.remove(0);
            }
            steady = last.size() == STEADY_ROUNDS && settled(last);
        }
        Bench.log("%s: warm-up rounds %s/s%s", label, rates.encode(), steady ? " (steady)" : bench.full() ? " (round limit)" : "");
        return new JsonObject().put("round_rates_per_s", rates).put("steady", steady);
    }

    /** Whether the rates of consecutive rounds, oldest first, are close together and not rising round after round. */
    static boolean settled(List<Double> rates) {
        double highest = Collections.max(rates);
        if (highest <= 0 || highest - Collections.min(rates) > STEADY * highest) {
            return false;
        }
        boolean rising = true;
        for (int i = 1; i < rates.size(); i++) {
            rising &= rates.get(i) > rates.get(i - 1);
        }
        double last = rates.get(rates.size() - 1);
        return !(rising && last - rates.get(0) > CLIMBING * last);
    }
}
