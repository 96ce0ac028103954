package io.tocsin.devstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** The processes of one started stack: PostgreSQL (a child process) and Artemis (in this JVM). */
final class RunningStack implements StackControl {

    static final String DATABASE = "tocsin";
    static final String USERNAME = "postgres";
    /** zonky initialises the cluster with trust authentication, so any password is accepted; this one is sent. */
    static final String PASSWORD = "postgres";
    static final String HOST = "127.0.0.1";

    private static final Logger LOG = Logger.getLogger(DevStack.class.getName());
    /** Held so that levels and filters survive (JUL keeps loggers weakly); matters where SLF4J ends up in JUL. */
    private static final List<Logger> QUIETED = List.of(
            Logger.getLogger("org.apache.activemq"),
            Logger.getLogger("io.zonky.test.db.postgres"));
    private static final Logger ARTEMIS_SERVER = Logger.getLogger("org.apache.activemq.artemis.core.server");
    /** Artemis warns about every queue without an expiry address; the dev stack deliberately has none. */
    private static final String NO_EXPIRY_ADDRESS_WARNING = "AMQ222166";

    static {
        for (Logger logger : QUIETED) {
            if (logger.getLevel() == null) {
                logger.setLevel(Level.WARNING);
            }
        }
        if (ARTEMIS_SERVER.getFilter() == null) {
            ARTEMIS_SERVER.setFilter(record -> record.getMessage() == null
                    || !record.getMessage().startsWith(NO_EXPIRY_ADDRESS_WARNING));
        }
    }

    final int postgresPort;
    final int amqpPort;
    final Path dataDir;
    final boolean ephemeral;
    final SigningKeys keys;

    private final EmbeddedPostgres postgres;
    private final Broker broker;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RunningStack(int postgresPort, int amqpPort, Path dataDir, boolean ephemeral, SigningKeys keys,
                         EmbeddedPostgres postgres, Broker broker) {
        this.postgresPort = postgresPort;
        this.amqpPort = amqpPort;
        this.dataDir = dataDir;
        this.ephemeral = ephemeral;
        this.keys = keys;
        this.postgres = postgres;
        this.broker = broker;
        this.shutdownHook = new Thread(this::closeQuietly, "tocsin-devstack-shutdown");
    }

    static RunningStack start(DevStackOptions options) {
        boolean ephemeral = options.ephemeral();
        if (options.postgresPort() != 0) {
            requireFreePort(options.postgresPort(), "PostgreSQL");
        }
        if (options.amqpPort() != 0) {
            requireFreePort(options.amqpPort(), "AMQP");
        }
        Path dataDir;
        try {
            dataDir = ephemeral ? Files.createTempDirectory("tocsin-devstack-") : options.dataDir();
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder", e);
        }

        EmbeddedPostgres postgres = null;
        Broker broker = null;
        try {
            SigningKeys keys = ephemeral ? SigningKeys.generate() : SigningKeys.loadOrCreate(dataDir.resolve("keys"));
            postgres = startPostgres(options.postgresPort(), dataDir, ephemeral);
            createDatabase(postgres.getPort());
            int amqpPort = options.amqpPort() != 0 ? options.amqpPort() : freePort();
            broker = new Broker(dataDir.resolve("artemis"), amqpPort, ephemeral);
            broker.start();
            RunningStack stack = new RunningStack(postgres.getPort(), amqpPort, dataDir, ephemeral, keys, postgres,
                    broker);
            Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
            LOG.fine(() -> "devstack started: postgres " + stack.postgresPort + ", amqp " + stack.amqpPort
                    + ", data " + dataDir);
            return stack;
        } catch (RuntimeException | Error e) {
            if (broker != null) {
                try {
                    broker.stop();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (postgres != null) {
                try {
                    postgres.close();
                } catch (IOException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (ephemeral) {
                deleteRecursively(dataDir);
            }
            throw e;
        }
    }

    private static EmbeddedPostgres startPostgres(int port, Path dataDir, boolean ephemeral) {
        File log = dataDir.resolve("postgres.log").toFile();
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDir.resolve("postgres"))
                .setCleanDataDirectory(ephemeral)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log))
                .setLocaleConfig("locale", "C")
                .setServerConfig("listen_addresses", HOST)
                .setServerConfig("max_connections", "300")
                // Queue tables (outboxes, deliveries) need vacuum soon after bursts; PostgreSQL looks once a minute.
                .setServerConfig("autovacuum_naptime", "15s")
                .setServerConfig("timezone", "UTC");
        if (ephemeral) {
            // zonky already starts postgres with -F (fsync off); skip the rest of the crash-safety work as well.
            builder.setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("synchronous_commit", "off");
        } else {
            // Data that is kept between runs must survive a crash of the machine: undo zonky's -F.
            builder.setServerConfig("fsync", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("synchronous_commit", "on");
        }
        try {
            return builder.start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot start PostgreSQL (see " + log + ")", e);
        }
    }

    private static void createDatabase(int port) {
        String url = "jdbc:postgresql://" + HOST + ":" + port + "/postgres";
        try (Connection connection = DriverManager.getConnection(url, USERNAME, PASSWORD)) {
            boolean exists;
            try (PreparedStatement query = connection.prepareStatement(
                    "select 1 from pg_database where datname = ?")) {
                query.setString(1, DATABASE);
                try (ResultSet rows = query.executeQuery()) {
                    exists = rows.next();
                }
            }
            if (!exists) {
                try (Statement create = connection.createStatement()) {
                    create.execute("create database " + DATABASE);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + DATABASE, e);
        }
    }

    @Override
    public void stopBroker() {
        checkOpen();
        broker.stop();
    }

    @Override
    public void startBroker() {
        checkOpen();
        broker.start();
    }

    @Override
    public boolean brokerRunning() {
        return !closed.get() && broker.running();
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // called from the hook itself, or while the JVM exits
        }
        // Each step runs whatever the one before did. At JVM exit, the class loader that loaded this stack may already
        // be closed (a Quarkus test class loader): a step can then fail with an Error, not only an exception.
        RuntimeException failure = null;
        try {
            broker.stop();
        } catch (RuntimeException | LinkageError e) {
            failure = e instanceof RuntimeException r ? r : new IllegalStateException("broker stop failed", e);
        }
        try {
            postgres.close();
        } catch (IOException | RuntimeException | LinkageError e) {
            stopPostmaster(dataDir.resolve("postgres"));
            RuntimeException wrapped = e instanceof RuntimeException r ? r : new IllegalStateException("postgres stop failed", e);
            if (failure == null) {
                failure = wrapped;
            } else {
                failure.addSuppressed(wrapped);
            }
        }
        if (ephemeral) {
            deleteRecursively(dataDir);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Last resort when the embedded server's own stop failed: SIGTERM to the postmaster named in its pid file, and a
     * bounded wait. Uses JDK classes only, so it works even when this stack's class loader can load nothing more.
     */
    static void stopPostmaster(Path postgresDir) {
        try {
            String firstLine = Files.readAllLines(postgresDir.resolve("postmaster.pid")).get(0).trim();
            java.util.Optional<ProcessHandle> postmaster = ProcessHandle.of(Long.parseLong(firstLine));
            if (postmaster.isPresent() && postmaster.get().destroy()) {
                postmaster.get().onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (Exception | LinkageError ignored) {
            // nothing more can be done from here
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "devstack did not stop cleanly", e);
        }
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("devstack is closed");
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }

    private static void requireFreePort(int port, String what) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
        } catch (IOException e) {
            throw new IllegalStateException(what + " port " + port + " on " + HOST
                    + " is already in use (is another devstack running?)", e);
        }
    }

    static void deleteRecursively(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.log(Level.FINE, "could not delete " + root, e);
        }
    }
}
