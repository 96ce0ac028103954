package io.tocsin.notifier.pagerduty;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Picks the Events API routing key of an incident: the first rule whose glob matches any of the
 * incident's services wins (rules are tried in order, services in order); {@code *} matches every
 * incident, even one without services. Without a match, the default key if there is one.
 */
public final class RoutingRules {

    private RoutingRules() {
    }

    public static Optional<String> keyFor(List<RoutingRule> rules, List<String> services, String defaultKey) {
        for (RoutingRule rule : rules) {
            if ("*".equals(rule.servicePattern().strip())) {
                return Optional.of(rule.serviceKey());
            }
            Pattern glob = glob(rule.servicePattern().strip());
            for (String service : services) {
                if (glob.matcher(service).matches()) {
                    return Optional.of(rule.serviceKey());
                }
            }
        }
        return defaultKey == null || defaultKey.isBlank() ? Optional.empty() : Optional.of(defaultKey);
    }

    /** {@code *} any run of characters, {@code ?} one character, everything else literal. */
    static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString());
    }
}
