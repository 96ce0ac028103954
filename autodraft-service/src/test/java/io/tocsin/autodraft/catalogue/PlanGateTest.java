package io.tocsin.autodraft.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlanGateTest {

    @Test
    void withoutAListEveryoneMayTurnAutoDraftsOn() {
        assertThat(PlanGate.allows(Optional.empty(), null, Policy.DWELL)).isTrue();
        assertThat(PlanGate.allows(Optional.of(List.of()), "free", Policy.IMMEDIATE)).isTrue();
    }

    @Test
    void withAListOnlyListedPlansMay() {
        Optional<List<String>> pro = Optional.of(List.of("pro", " enterprise"));
        assertThat(PlanGate.allows(pro, "pro", Policy.DWELL)).isTrue();
        assertThat(PlanGate.allows(pro, "enterprise", Policy.IMMEDIATE)).isTrue();
        assertThat(PlanGate.allows(pro, List.of("free", "pro"), Policy.DWELL)).isTrue();
        assertThat(PlanGate.allows(pro, "free", Policy.DWELL)).isFalse();
        assertThat(PlanGate.allows(pro, null, Policy.IMMEDIATE)).isFalse();
        assertThat(PlanGate.allows(pro, "free", Policy.OFF)).isTrue();
        assertThat(PlanGate.allows(pro, "free", null)).isTrue();
        assertThat(PlanGate.locked().slug()).isEqualTo("feature-locked/auto-drafts");
        assertThat(PlanGate.locked().getMessage()).contains("auto-drafts");
    }
}
