package io.tocsin.gateway.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.tocsin.gateway.support.Api;
import io.tocsin.gateway.support.Services;
import io.tocsin.gateway.support.Tokens;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One access-log line per request: what, how it ended, for whom, which request id; never a token. */
@QuarkusTest
class AccessLogTest {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        Logger.getLogger(RequestLog.LOGGER).addHandler(capture);
    }

    @AfterEach
    void stop() {
        Logger.getLogger(RequestLog.LOGGER).removeHandler(capture);
    }

    @Test
    void aLineForEachRequestWithPrincipalAndRequestIdButNoToken() {
        String org = Api.newOrg();
        String token = Tokens.token(org, "u-logged", "viewer");
        String path = Services.uniquePath("/api/incidents");

        Api.bearer(token).header("X-Request-Id", "log-test-1").queryParam("token", "secret-link-token").get(path)
                .then().statusCode(200);
        given().header("X-Request-Id", "log-test-2").get("/api/me").then().statusCode(401);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(lines).anySatisfy(line -> assertThat(line)
                    .contains("GET " + path + " 200").contains("principal=u-logged@" + org).contains("request=log-test-1")
                    .containsPattern(" \\d+ms "));
            assertThat(lines).anySatisfy(line -> assertThat(line)
                    .contains("GET /api/me 401").contains("principal=-").contains("request=log-test-2"));
        });
        assertThat(lines).noneMatch(line -> line.contains(token) || line.contains("secret-link-token"));
    }
}
