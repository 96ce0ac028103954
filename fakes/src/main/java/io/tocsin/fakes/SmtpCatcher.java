package io.tocsin.fakes;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An SMTP server that accepts every message (no TLS, no authentication) and keeps it: the smallest dialogue
 * mail clients need (EHLO/HELO, MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP, QUIT).
 */
final class SmtpCatcher {

    static final String NAME = "mail";
    private static final long MAX_MESSAGE = 10L * 1024 * 1024;

    private final Vertx vertx;
    private final Recorder recorder;
    private final Clock clock;
    private final List<Mail> received = new ArrayList<>();
    private NetServer server;

    SmtpCatcher(Vertx vertx, Recorder recorder, Clock clock) {
        this.vertx = vertx;
        this.recorder = recorder;
        this.clock = clock;
    }

    Future<Integer> listen(String host, int port) {
        server = vertx.createNetServer(new NetServerOptions().setHost(host).setPort(port));
        return server.connectHandler(this::session).listen().map(NetServer::actualPort);
    }

    Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    List<Mail> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    private void session(NetSocket socket) {
        Session session = new Session(socket);
        RecordParser lines = RecordParser.newDelimited("\r\n", session::line).maxRecordSize(1024 * 1024);
        socket.handler(lines);
        socket.exceptionHandler(e -> socket.close());
        session.reply("220 tocsin-fakes SMTP catcher ready");
    }

    private final class Session {

        private final NetSocket socket;
        private String from;
        private final List<String> to = new ArrayList<>();
        private StringBuilder data;

        Session(NetSocket socket) {
            this.socket = socket;
        }

        void line(Buffer buffer) {
            String line = buffer.toString(java.nio.charset.StandardCharsets.UTF_8);
            if (data != null) {
                if (line.equals(".")) {
                    deliver();
                } else if (data.length() > MAX_MESSAGE) {
                    data = null;
                    reply("552 message too large");
                } else {
                    data.append(line.startsWith("..") ? line.substring(1) : line).append("\r\n");
                }
                return;
            }
            String verb = (line.length() >= 4 ? line.substring(0, 4) : line).toUpperCase(Locale.ROOT);
            switch (verb) {
                case "EHLO" -> reply("250-tocsin-fakes\r\n250-8BITMIME\r\n250 SIZE " + MAX_MESSAGE);
                case "HELO" -> reply("250 tocsin-fakes");
                case "MAIL" -> {
                    from = address(line);
                    to.clear();
                    reply("250 OK");
                }
                case "RCPT" -> {
                    if (from == null) {
                        reply("503 MAIL first");
                    } else {
                        to.add(address(line));
                        reply("250 OK");
                    }
                }
                case "DATA" -> {
                    if (to.isEmpty()) {
                        reply("503 RCPT first");
                    } else {
                        data = new StringBuilder();
                        reply("354 end data with <CR><LF>.<CR><LF>");
                    }
                }
                case "RSET" -> {
                    from = null;
                    to.clear();
                    reply("250 OK");
                }
                case "NOOP" -> reply("250 OK");
                case "QUIT" -> {
                    reply("221 bye");
                    socket.close();
                }
                default -> reply("500 5.5.2 command unrecognised");
            }
        }

        private void deliver() {
            Mail mail = new Mail(recorder.nextSeq(), clock.instant(), from, List.copyOf(to), data.toString());
            synchronized (received) {
                received.add(mail);
            }
            recorder.write(NAME, String.format("%06d.eml", mail.seq()), mail.raw());
            data = null;
            from = null;
            to.clear();
            reply("250 OK queued as " + mail.seq());
        }

        void reply(String text) {
            socket.write(text + "\r\n");
        }

        private String address(String line) {
            int open = line.indexOf('<');
            int close = line.indexOf('>', open + 1);
            if (open >= 0 && close > open) {
                return line.substring(open + 1, close);
            }
            int colon = line.indexOf(':');
            return colon < 0 ? "" : line.substring(colon + 1).trim();
        }
    }
}
