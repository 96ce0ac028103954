package io.tocsin.devstack;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An embedded PostgreSQL 17 (database {@code tocsin}) plus an embedded ActiveMQ Artemis broker with an AMQP 1.0
 * acceptor, both on 127.0.0.1.
 *
 * <ul>
 *   <li>Tests use {@link #shared()}: one stack per JVM on random ports, data in a temporary folder.</li>
 *   <li>The local suite uses {@link #start(DevStackOptions)} with {@link DevStackOptions#localSuite(Path)} (see
 *       {@link DevStackMain}).</li>
 * </ul>
 */
public final class DevStack implements AutoCloseable {

    private static volatile DevStack shared;

    private final int postgresPort;
    private final int amqpPort;
    private final Path dataDir;
    private final SigningKeys signingKeys;
    private final StackControl control;
    private final boolean sharedInstance;

    DevStack(int postgresPort, int amqpPort, Path dataDir, SigningKeys signingKeys, StackControl control,
             boolean sharedInstance) {
        this.postgresPort = postgresPort;
        this.amqpPort = amqpPort;
        this.dataDir = dataDir;
        this.signingKeys = signingKeys;
        this.control = control;
        this.sharedInstance = sharedInstance;
    }

    /**
     * One stack per JVM, started on first call on free random ports with data in a temporary folder and signing keys
     * generated in memory; stopped by a JVM shutdown hook ({@link #close()} does nothing on it). Thread-safe.
     */
    public static DevStack shared() {
        DevStack current = shared;
        if (current != null) {
            return current;
        }
        synchronized (SharedRegistry.LOCK) {
            if (shared == null) {
                DevStack existing = SharedRegistry.lookup();
                if (existing == null) {
                    RunningStack stack = RunningStack.start(DevStackOptions.randomPortsInTempDir());
                    SharedRegistry.publish(stack);
                    existing = new DevStack(stack.postgresPort, stack.amqpPort, stack.dataDir, stack.keys,
                            stack, true);
                }
                shared = existing;
            }
            return shared;
        }
    }

    /**
     * Starts a stack with the given options. With a data folder, the database, the broker journal and the signing
     * keys ({@code <dataDir>/keys}) are kept between runs. Stop it with {@link #close()} (a JVM shutdown hook does it
     * otherwise).
     */
    public static DevStack start(DevStackOptions options) {
        Objects.requireNonNull(options, "options");
        RunningStack stack = RunningStack.start(options);
        return new DevStack(stack.postgresPort, stack.amqpPort, stack.dataDir, stack.keys, stack, false);
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/tocsin} */
    public String jdbcUrl() {
        return "jdbc:" + reactiveUrl();
    }

    /** {@code postgresql://127.0.0.1:<port>/tocsin} */
    public String reactiveUrl() {
        return "postgresql://" + RunningStack.HOST + ":" + postgresPort + "/" + RunningStack.DATABASE;
    }

    /** {@code postgres} */
    public String dbUsername() {
        return RunningStack.USERNAME;
    }

    /** {@code postgres} (the cluster uses trust authentication, so the password is not checked). */
    public String dbPassword() {
        return RunningStack.PASSWORD;
    }

    public int postgresPort() {
        return postgresPort;
    }

    /** {@code 127.0.0.1} */
    public String amqpHost() {
        return RunningStack.HOST;
    }

    public int amqpPort() {
        return amqpPort;
    }

    /** Stops only the broker (for broker-outage tests); the port and the journal are kept. */
    public void stopBroker() {
        control.stopBroker();
    }

    /** Starts the broker again on the same port with the same journal; durable messages survive. */
    public void startBroker() {
        control.startBroker();
    }

    public boolean brokerRunning() {
        return control.brokerRunning();
    }

    /** The folder holding {@code postgres/}, {@code artemis/} and (local suite) {@code keys/}. */
    public Path dataDir() {
        return dataDir;
    }

    /** The RSA key pair that signs internal JWTs. */
    public SigningKeys signingKeys() {
        return signingKeys;
    }

    /** Stops the broker and the database (and removes a temporary data folder). Does nothing on {@link #shared()}. */
    @Override
    public void close() {
        if (!sharedInstance) {
            control.close();
        }
    }

    @Override
    public String toString() {
        return "DevStack[postgres=" + postgresPort + ", amqp=" + amqpPort + ", dataDir=" + dataDir + "]";
    }
}
