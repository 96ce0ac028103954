package io.tocsin.notifier.support;

import io.quarkus.test.common.QuarkusTestResource;
import io.tocsin.devstack.testing.DevStackResource;

/**
 * Every test in this module runs against one devstack (real PostgreSQL and Artemis) per JVM, with
 * WireMock standing in for PagerDuty, incident.io and webhook receivers, and GreenMail for SMTP.
 */
@QuarkusTestResource(DevStackResource.class)
@QuarkusTestResource(Fakes.Resource.class)
public final class TestStack {

    private TestStack() {
    }
}
