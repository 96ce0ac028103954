package io.tocsin.autodraft.support;

import io.quarkus.test.common.QuarkusTestResource;
import io.tocsin.devstack.testing.DevStackResource;

/** Every test in this module runs against one devstack (real PostgreSQL and Artemis) per JVM. */
@QuarkusTestResource(DevStackResource.class)
public final class TestStack {

    private TestStack() {
    }
}
