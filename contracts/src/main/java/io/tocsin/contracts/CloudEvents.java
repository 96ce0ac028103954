package io.tocsin.contracts;

/**
 * How a CloudEvent 1.0 travels in AMQP binary mode: the attributes are application properties
 * with the {@code cloudEvents_} prefix, the data is the message body (JSON).
 */
public final class CloudEvents {

    public static final String SPEC_VERSION = "1.0";
    public static final String PROPERTY_PREFIX = "cloudEvents_";
    public static final String ID = PROPERTY_PREFIX + "id";
    public static final String SOURCE = PROPERTY_PREFIX + "source";
    public static final String SPECVERSION = PROPERTY_PREFIX + "specversion";
    public static final String TYPE = PROPERTY_PREFIX + "type";
    public static final String TIME = PROPERTY_PREFIX + "time";
    public static final String SUBJECT = PROPERTY_PREFIX + "subject";
    public static final String DATA_CONTENT_TYPE = "application/json";
    /** Extension attribute naming the organisation, so consumers can route before parsing the data. */
    public static final String ORG = PROPERTY_PREFIX + "tocsinorg";
    /** Prefix of every Tocsin CloudEvent type: {@code io.tocsin.incident.created}. */
    public static final String TYPE_PREFIX = "io.tocsin.";

    private CloudEvents() {
    }

    /** {@code /orgs/{org}/incidents/{id}}: the source of every incident event. */
    public static String incidentSource(String org, Object incidentId) {
        return "/orgs/" + org + "/incidents/" + incidentId;
    }
}
