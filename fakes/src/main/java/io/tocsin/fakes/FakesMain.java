package io.tocsin.fakes;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the fakes until SIGTERM/SIGINT.
 *
 * <pre>
 * java -cp 'fakes/target/fakes-VERSION.jar:fakes/target/lib/*' io.tocsin.fakes.FakesMain \
 *      [--http-port 8090] [--smtp-port 2525] [--dir DIR]
 * </pre>
 *
 * Once listening it prints the URLs to configure and {@code fakes ready}.
 */
public final class FakesMain {

    private FakesMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int httpPort = 8090;
        int smtpPort = 2525;
        Path dir = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--http-port" -> httpPort = port(args, ++i);
                    case "--smtp-port" -> smtpPort = port(args, ++i);
                    case "--dir" -> dir = Path.of(value(args, i++));
                    case "-h", "--help" -> {
                        System.out.println("usage: FakesMain [--http-port 8090] [--smtp-port 2525] [--dir DIR]");
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("fakes: " + e.getMessage());
            System.exit(2);
            return;
        }
        Fakes fakes = Fakes.start(httpPort, smtpPort, dir);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            fakes.close();
            stopped.countDown();
        }, "fakes-shutdown"));
        System.out.println("console " + fakes.url() + "/");
        System.out.println("PAGERDUTY_EVENTS_URL=" + fakes.pagerDutyEventsUrl());
        System.out.println("INCIDENT_IO_API_URL=" + fakes.incidentIoUrl());
        System.out.println("webhooks " + fakes.webhookUrl("<any-name>"));
        System.out.println("smtp " + fakes.smtpHost() + ":" + fakes.smtpPort());
        if (dir != null) {
            System.out.println("folder " + dir.toAbsolutePath());
        }
        System.out.println("fakes ready");
        stopped.await();
    }

    private static String value(String[] args, int i) {
        if (i + 1 >= args.length) {
            throw new IllegalArgumentException(args[i] + " needs a value");
        }
        return args[i + 1];
    }

    private static int port(String[] args, int i) {
        String text = value(args, i - 1);
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(args[i - 1] + " must be a port number, got " + text);
        }
    }
}
