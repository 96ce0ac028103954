package io.tocsin.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * Test frameworks may load devstack's classes more than once (one class loader per application); all copies must still
 * share one stack.
 */
class SharedAcrossClassLoadersTest {

    @Test
    void aSecondCopyOfTheClassesAttachesToTheSameStack() throws Exception {
        DevStack mine = DevStack.shared();
        URL classes = DevStack.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader isolated = new ChildFirst(classes, getClass().getClassLoader())) {
            Class<?> other = isolated.loadClass(DevStack.class.getName());
            assertThat(other).isNotSameAs(DevStack.class);

            Object theirs = call(other, null, "shared");
            assertThat(call(other, theirs, "postgresPort")).isEqualTo(mine.postgresPort());
            assertThat(call(other, theirs, "amqpPort")).isEqualTo(mine.amqpPort());
            assertThat(call(other, theirs, "jdbcUrl")).isEqualTo(mine.jdbcUrl());
            assertThat((Path) call(other, theirs, "dataDir")).isEqualTo(mine.dataDir());
            Object keys = call(other, theirs, "signingKeys");
            assertThat(call(keys.getClass(), keys, "publicKey")).isEqualTo(mine.signingKeys().publicKey());
            assertThat(call(keys.getClass(), keys, "privateKey")).isEqualTo(mine.signingKeys().privateKey());

            call(other, theirs, "stopBroker");
            try {
                assertThat(mine.brokerRunning()).isFalse();
                assertThat(call(other, theirs, "brokerRunning")).isEqualTo(false);
            } finally {
                call(other, theirs, "startBroker");
            }
            assertThat(mine.brokerRunning()).isTrue();
            call(other, theirs, "close");
            assertThat(mine.brokerRunning()).isTrue();
        }
    }

    private static Object call(Class<?> type, Object target, String method) throws Exception {
        Method m = type.getMethod(method);
        return m.invoke(target);
    }

    /** Loads io.tocsin.devstack classes from the given location itself, everything else from the parent. */
    private static final class ChildFirst extends URLClassLoader {
        ChildFirst(URL classes, ClassLoader parent) {
            super(new URL[] {classes}, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("io.tocsin.devstack.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    try {
                        loaded = findClass(name);
                    } catch (ClassNotFoundException notHere) {
                        return super.loadClass(name, resolve);
                    }
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }
    }
}
