package io.tocsin.platform.work;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RoundsTest {

    /** Rounds whose completion the test controls. */
    private final List<UniEmitter<? super Boolean>> open = new ArrayList<>();
    private final AtomicInteger started = new AtomicInteger();
    private final Rounds rounds = new Rounds("test job", () -> {
        started.incrementAndGet();
        return Uni.createFrom().emitter(open::add);
    }, Duration.ofMinutes(1));

    @Test
    void triggersDuringARoundAreFoldedIntoOneMoreRoundAfterIt() {
        rounds.trigger();
        rounds.trigger();
        rounds.trigger();
        assertThat(started).hasValue(1);
        assertThat(rounds.running()).isTrue();

        open.get(0).complete(false);
        assertThat(started).hasValue(2);
        open.get(1).complete(false);
        assertThat(started).hasValue(2);
        assertThat(rounds.running()).isFalse();
    }

    @Test
    void aRoundWithMoreWaitingIsFollowedAtOnce() {
        rounds.trigger();
        open.get(0).complete(true);
        assertThat(started).hasValue(2);
        open.get(1).complete(false);
        assertThat(rounds.running()).isFalse();
    }

    @Test
    void aFailedRoundLetsTheNextTriggerRunAndStopEndsTheRounds() {
        rounds.trigger();
        open.get(0).fail(new IllegalStateException("database gone"));
        assertThat(rounds.running()).isFalse();
        rounds.trigger();
        assertThat(started).hasValue(2);
        open.get(1).complete(false);

        rounds.stop();
        rounds.trigger();
        assertThat(started).hasValue(2);
    }

    @Test
    void aRoundThatThrowsInsteadOfFailingDoesNotWedgeTheJob() {
        AtomicInteger calls = new AtomicInteger();
        Rounds throwing = new Rounds("throwing job", () -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("not ready");
            }
            return Uni.createFrom().item(false);
        }, Duration.ofMinutes(1));
        throwing.trigger();
        assertThat(throwing.running()).isFalse();
        throwing.trigger();
        assertThat(calls).hasValue(2);
    }
}
