package io.tocsin.gateway.support;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/** The fake services behind the gateway ({@link FakeServices}), through WireMock's admin API. */
public final class Services {

    private Services() {
    }

    public static WireMock wiremock() {
        return new WireMock("127.0.0.1", ConfigProvider.getConfig().getValue(FakeServices.PORT_PROPERTY, Integer.class));
    }

    public static void stub(MappingBuilder mapping) {
        wiremock().register(mapping);
    }

    /** What the services received on exactly this path, any method. */
    public static List<LoggedRequest> received(String path) {
        return wiremock().find(anyRequestedFor(urlPathEqualTo(path)));
    }

    /** A path under {@code prefix} that no other test uses. */
    public static String uniquePath(String prefix) {
        return prefix + "/t-" + UUID.randomUUID();
    }
}
