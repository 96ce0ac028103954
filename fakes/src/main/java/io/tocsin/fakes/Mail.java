package io.tocsin.fakes;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A message the SMTP catcher received: envelope, raw message and its decoded text — every text part of the MIME
 * tree with quoted-printable or base64 undone, so that links can be found as a reader would see them.
 */
public record Mail(long seq, Instant receivedAt, String from, List<String> to, String raw) {

    public String subject() {
        return headers(raw).getOrDefault("subject", "");
    }

    /** The text of every {@code text/*} part, decoded, joined with blank lines. */
    public String text() {
        List<String> parts = new ArrayList<>();
        collect(raw, parts);
        return String.join("\n\n", parts);
    }

    public JsonObject toJson() {
        return new JsonObject().put("seq", seq).put("receivedAt", receivedAt.toString()).put("from", from)
                .put("to", new JsonArray(to)).put("subject", subject()).put("text", text());
    }

    private static void collect(String entity, List<String> parts) {
        int split = headerEnd(entity);
        Map<String, String> headers = headers(entity);
        String body = split < 0 ? "" : entity.substring(split);
        String type = headers.getOrDefault("content-type", "text/plain").toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/")) {
            String boundary = parameter(headers.get("content-type"), "boundary");
            if (boundary == null) {
                return;
            }
            String[] pieces = body.split("(?m)^--" + java.util.regex.Pattern.quote(boundary) + "(--)?\\s*$");
            for (int i = 1; i < pieces.length; i++) {
                String piece = pieces[i].replaceFirst("^\\r?\\n", "");
                if (!piece.isBlank()) {
                    collect(piece, parts);
                }
            }
        } else if (type.startsWith("text/")) {
            String encoding = headers.getOrDefault("content-transfer-encoding", "7bit").trim().toLowerCase(Locale.ROOT);
            parts.add(switch (encoding) {
                case "base64" -> new String(Base64.getMimeDecoder().decode(body.trim()), StandardCharsets.UTF_8);
                case "quoted-printable" -> quotedPrintable(body);
                default -> body;
            });
        }
    }

    private static int headerEnd(String entity) {
        int crlf = entity.indexOf("\r\n\r\n");
        int lf = entity.indexOf("\n\n");
        if (crlf >= 0 && (lf < 0 || crlf < lf)) {
            return crlf + 4;
        }
        return lf < 0 ? -1 : lf + 2;
    }

    /** Header names in lower case; folded lines unfolded; the first occurrence wins. */
    private static Map<String, String> headers(String entity) {
        int end = headerEnd(entity);
        String block = (end < 0 ? entity : entity.substring(0, end)).replaceAll("\\r?\\n[ \\t]+", " ");
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : block.split("\\r?\\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return headers;
    }

    private static String parameter(String header, String name) {
        for (String part : header.split(";")) {
            String trimmed = part.trim();
            if (trimmed.toLowerCase(Locale.ROOT).startsWith(name + "=")) {
                return trimmed.substring(name.length() + 1).replaceAll("^\"|\"$", "");
            }
        }
        return null;
    }

    private static String quotedPrintable(String body) {
        String joined = body.replaceAll("=\\r?\\n", "");
        ByteArrayOutputStream out = new ByteArrayOutputStream(joined.length());
        byte[] bytes = joined.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '=' && i + 2 < bytes.length && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
                out.write(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        return Character.digit((char) b, 16);
    }
}
