package io.tocsin.devstack;

import java.nio.file.Path;

/**
 * How to start a {@link DevStack}.
 *
 * @param postgresPort TCP port of PostgreSQL on 127.0.0.1; {@code 0} picks a free port
 * @param amqpPort     TCP port of the Artemis AMQP acceptor on 127.0.0.1; {@code 0} picks a free port
 * @param dataDir      folder that keeps the database, the broker journal and the signing keys between runs;
 *                     {@code null} means a fresh temporary folder that is deleted when the stack stops
 *                     (test mode: durability shortcuts such as {@code fsync=off} are used only then, and the
 *                     signing keys live in memory only)
 */
public record DevStackOptions(int postgresPort, int amqpPort, Path dataDir) {

    /** Port of PostgreSQL in the local suite. */
    public static final int LOCAL_POSTGRES_PORT = 5433;
    /** Port of the AMQP acceptor in the local suite. */
    public static final int LOCAL_AMQP_PORT = 5673;

    public DevStackOptions {
        checkPort("postgresPort", postgresPort);
        checkPort("amqpPort", amqpPort);
        if (dataDir != null) {
            dataDir = dataDir.toAbsolutePath().normalize();
        }
    }

    /** Random free ports and a throw-away temporary data folder (what tests use). */
    public static DevStackOptions randomPortsInTempDir() {
        return new DevStackOptions(0, 0, null);
    }

    /** The local suite: ports 5433 (PostgreSQL) and 5673 (AMQP), data kept in {@code dataDir}. */
    public static DevStackOptions localSuite(Path dataDir) {
        if (dataDir == null) {
            throw new IllegalArgumentException("dataDir required for the local suite");
        }
        return new DevStackOptions(LOCAL_POSTGRES_PORT, LOCAL_AMQP_PORT, dataDir);
    }

    /** True when the data lives in a temporary folder that is removed on stop. */
    public boolean ephemeral() {
        return dataDir == null;
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " out of range: " + port);
        }
    }
}
