package io.tocsin.notifier.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class TargetGuardTest {

    @Test
    void privateLoopbackLinkLocalAndSpecialAddressesAreRefused() {
        for (String url : new String[] {"http://127.0.0.1/x", "http://10.0.0.1/x", "http://172.16.5.4/x", "http://192.168.1.1/x",
                "http://169.254.169.254/x", "http://100.64.0.1/x", "http://0.0.0.0/x", "http://[::1]/x", "http://[fe80::1]/x",
                "http://[fc00::1]/x", "http://[::ffff:127.0.0.1]/x"}) {
            assertThat(TargetGuard.refusal(url, false)).as(url).contains("not allowed");
        }
        assertThat(TargetGuard.refusal("https://93.184.215.14/hook", false)).isNull();
        assertThat(TargetGuard.refusal("http://127.0.0.1/x", true)).isNull();
    }

    @Test
    void onlyHttpUrlsWithAHostAndNoCredentialsAreTargets() {
        assertThat(TargetGuard.refusal("ftp://93.184.215.14/x", true)).contains("http or https");
        assertThat(TargetGuard.refusal("https://user:pw@93.184.215.14/x", true)).contains("credentials");
        assertThat(TargetGuard.refusal("https:///x", true)).isNotNull();
        assertThat(TargetGuard.refusal("not a url", true)).isNotNull();
    }

    @Test
    void signaturesFollowStandardWebhooks() {
        // The example of the Standard Webhooks specification.
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        String body = "{\"test\": 2432232314}";
        assertThat(StandardWebhooks.sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assertThat(StandardWebhooks.newSecret()).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(StandardWebhooks.newSecret().substring(6))).hasSize(32);
    }
}
