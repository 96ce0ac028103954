package io.tocsin.autodraft.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlugsTest {

    @Test
    void externalNamesBecomeSlugs() {
        assertThat(Slugs.fromExternal("checkout-error-rate")).isEqualTo("checkout-error-rate");
        assertThat(Slugs.fromExternal("HighErrorRate")).isEqualTo("high-error-rate");
        assertThat(Slugs.fromExternal("HTTPErrors")).isEqualTo("http-errors");
        assertThat(Slugs.fromExternal("srv01/HTTP")).isEqualTo("srv01-http");
        assertThat(Slugs.fromExternal("  Checkout API  ")).isEqualTo("checkout-api");
        assertThat(Slugs.fromExternal("disk_full")).isEqualTo("disk-full");
    }

    @Test
    void longOrSymbolOnlyNamesStayDistinctSlugs() {
        String longName = "a".repeat(40) + "/" + "b".repeat(40);
        String slug = Slugs.fromExternal(longName);
        assertThat(Slugs.isSlug(slug)).isTrue();
        assertThat(slug).hasSizeLessThanOrEqualTo(63).isNotEqualTo(Slugs.fromExternal(longName + "c"));
        assertThat(Slugs.fromExternal("!!!")).matches("metric-[0-9a-f]{8}").isNotEqualTo(Slugs.fromExternal("???"));
    }
}
