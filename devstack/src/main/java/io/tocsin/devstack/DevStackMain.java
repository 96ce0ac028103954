package io.tocsin.devstack;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the dev stack for the local suite until SIGTERM/SIGINT.
 *
 * <pre>
 * java -cp 'devstack/target/devstack-VERSION.jar:devstack/target/lib/*' io.tocsin.devstack.DevStackMain \
 *      [--data DIR] [--pg-port 5433] [--amqp-port 5673]
 * </pre>
 *
 * <p>Data (database, broker journal, signing keys under {@code DIR/keys}) is kept in {@code DIR}, by default
 * {@code .tocsin-local} in the current folder. Once everything is up it prints
 *
 * <pre>
 * postgres jdbc:postgresql://127.0.0.1:5433/tocsin
 * amqp 127.0.0.1:5673
 * keys /absolute/DIR/keys
 * devstack ready
 * </pre>
 */
public final class DevStackMain {

    static final String DEFAULT_DATA_DIR = ".tocsin-local";
    static final String READY = "devstack ready";

    private DevStackMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        // Artemis and zonky log through SLF4J: send that to java.util.logging (stderr, warnings and up), one line each.
        setIfAbsent("slf4j.provider", JulSlf4jProvider.class.getName());
        setIfAbsent("slf4j.internal.verbosity", "WARN");
        setIfAbsent("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$s %3$s: %5$s%6$s%n");
        Path dataDir = Path.of(DEFAULT_DATA_DIR);
        int postgresPort = DevStackOptions.LOCAL_POSTGRES_PORT;
        int amqpPort = DevStackOptions.LOCAL_AMQP_PORT;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--data" -> dataDir = Path.of(value(args, ++i, "--data"));
                    case "--pg-port" -> postgresPort = port(value(args, ++i, "--pg-port"));
                    case "--amqp-port" -> amqpPort = port(value(args, ++i, "--amqp-port"));
                    case "-h", "--help" -> {
                        usage(System.out);
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("devstack: " + e.getMessage());
            usage(System.err);
            System.exit(2);
            return;
        }

        DevStack stack;
        try {
            // The stack registers its own shutdown hook, which stops it on SIGTERM/SIGINT.
            stack = DevStack.start(new DevStackOptions(postgresPort, amqpPort, dataDir));
        } catch (RuntimeException e) {
            System.err.println("devstack: failed to start: " + describe(e));
            e.printStackTrace(System.err);
            System.exit(1);
            return;
        }
        Path keys = stack.dataDir().resolve("keys");
        System.out.println("postgres " + stack.jdbcUrl());
        System.out.println("amqp " + stack.amqpHost() + ":" + stack.amqpPort());
        System.out.println("keys " + keys);
        System.out.println(READY);
        System.out.flush();

        new CountDownLatch(1).await();
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + text);
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a port: " + text);
        }
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            text.append(": ").append(cause.getMessage());
        }
        return text.toString();
    }

    private static void usage(PrintStream out) {
        out.println("usage: DevStackMain [--data DIR] [--pg-port " + DevStackOptions.LOCAL_POSTGRES_PORT
                + "] [--amqp-port " + DevStackOptions.LOCAL_AMQP_PORT + "]");
    }
}
