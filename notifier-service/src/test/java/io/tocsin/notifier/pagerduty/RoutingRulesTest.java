package io.tocsin.notifier.pagerduty;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingRulesTest {

    static final List<RoutingRule> RULES = List.of(new RoutingRule("payment-*", "payments"), new RoutingRule("infra-?b", "infra"),
            new RoutingRule("*", "default"));

    @Test
    void theFirstRuleMatchingAnyServiceWins() {
        assertThat(RoutingRules.keyFor(RULES, List.of("search", "payment-api"), null)).contains("payments");
        assertThat(RoutingRules.keyFor(RULES, List.of("infra-db"), null)).contains("infra");
        assertThat(RoutingRules.keyFor(RULES, List.of("infra-dbx"), null)).contains("default");
        assertThat(RoutingRules.keyFor(RULES, List.of(), null)).contains("default");
    }

    @Test
    void patternsAreGlobsNotRegularExpressions() {
        List<RoutingRule> rules = List.of(new RoutingRule("api.v1", "dot"));
        assertThat(RoutingRules.keyFor(rules, List.of("apixv1"), null)).isEmpty();
        assertThat(RoutingRules.keyFor(rules, List.of("api.v1"), null)).contains("dot");
    }

    @Test
    void withoutAMatchTheDefaultKeyIsUsedIfThereIsOne() {
        List<RoutingRule> rules = List.of(new RoutingRule("payment-*", "payments"));
        assertThat(RoutingRules.keyFor(rules, List.of("search"), "service-key")).contains("service-key");
        assertThat(RoutingRules.keyFor(rules, List.of("search"), " ")).isEmpty();
        assertThat(RoutingRules.keyFor(List.of(), List.of("search"), null)).isEmpty();
    }

    @Test
    void malformedEnvironmentRulesStopTheServiceWithAClearMessage() {
        assertThat(PagerDutyConfigs.parseRules("[{\"service_pattern\":\"payment-*\",\"service_key\":\"k\"}]"))
                .containsExactly(new RoutingRule("payment-*", "k"));
        assertThat(PagerDutyConfigs.parseRules(" ")).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PagerDutyConfigs.parseRules("{\"oops\":1}"))
                .hasMessageContaining("PAGERDUTY_ROUTING_RULES must be a JSON array");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PagerDutyConfigs.parseRules("[{\"service_pattern\":\"x\"}]"))
                .hasMessageContaining("PAGERDUTY_ROUTING_RULES");
    }
}
