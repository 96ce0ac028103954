package io.tocsin.notifier.support;

import io.tocsin.platform.time.MovableClock;
import jakarta.inject.Singleton;

/** Replaces the system clock in tests so that time can be moved instead of waited for. */
@Singleton
public class TestClock extends MovableClock {
}
