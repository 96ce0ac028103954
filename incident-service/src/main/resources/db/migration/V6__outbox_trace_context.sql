-- The trace context (W3C traceparent) of the span that wrote each event; the relay sends it with the message.
ALTER TABLE incident.outbox ADD COLUMN traceparent text;
