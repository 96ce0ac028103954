package io.tocsin.incident.drafts;

import io.tocsin.incident.drafts.ActionToken.Action;
import io.tocsin.incident.lifecycle.Incident;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The small HTML pages behind signed links. Every value shown is escaped. */
final class ActionPages {

    private ActionPages() {
    }

    static Response confirm(Action action, Incident incident, String token) {
        String verb = action == Action.PUBLISH ? "Publish incident" : "Dismiss draft";
        String explain = action == Action.PUBLISH
                ? "Publishing declares the incident: responders are paged and integrations are notified."
                : "Dismissing hides the draft. It is kept for analytics, and the metric will not draft again for an hour.";
        String body = summary(incident) + "<p>" + explain + "</p>"
                + "<form method=\"post\" action=\"" + AutoActionResource.PATH + "\">"
                + "<input type=\"hidden\" name=\"token\" value=\"" + escape(token) + "\">"
                + "<button type=\"submit\">" + verb + "</button></form>";
        return page(200, verb + "?", body);
    }

    static Response done(Action action, Incident incident) {
        String title = action == Action.PUBLISH ? "Incident published" : "Draft dismissed";
        String text = action == Action.PUBLISH
                ? "The incident is declared (" + escape(incident.status().wire()) + ")."
                : "The draft is dismissed.";
        return page(200, title, summary(incident) + "<p>" + text + "</p>");
    }

    static Response conflict(Action action, Incident incident, String detail) {
        String text = action == Action.PUBLISH ? "This draft was dismissed, so it can no longer be published."
                : "This incident was already published, so it can no longer be dismissed.";
        return page(409, "Already decided", summary(incident) + "<p>" + (detail == null ? text : escape(detail)) + "</p>");
    }

    static Response error(int status, String title, String text) {
        return page(status, title, "<p>" + escape(text) + "</p>");
    }

    private static String summary(Incident incident) {
        return "<p><strong>" + escape(incident.reference()) + "</strong> · " + escape(incident.severity().name()) + " · "
                + escape(incident.title()) + "</p>";
    }

    private static Response page(int status, String title, String body) {
        String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + escape(title) + " · Tocsin</title>"
                + "<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#222}"
                + "button{font-size:1rem;padding:.6rem 1.2rem;border:0;border-radius:.3rem;background:#b3261e;color:#fff;cursor:pointer}"
                + "</style></head><body><h1>" + escape(title) + "</h1>" + body + "</body></html>";
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8")).entity(html)
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Robots-Tag", "noindex")
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
                .build();
    }

    static String escape(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
