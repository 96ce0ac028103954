package io.tocsin.platform.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps every failure to a problem document, once for the whole service. Never leaks exception
 * class names or stack traces: unexpected failures are logged with an id the caller gets back.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(new Problem(Problem.type(e.slug()), e.title(), e.status(), e.getMessage(), path(uri), e.errors()));
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
        return invalid(errors, uri);
    }

    @ServerExceptionMapper({JsonProcessingException.class, JsonMappingException.class, JsonParseException.class,
            MismatchedInputException.class, UnrecognizedPropertyException.class, InvalidFormatException.class,
            ValueInstantiationException.class})
    public Response unreadableJson(Exception e, UriInfo uri) {
        return invalid(List.of(jsonError(e)), uri);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class})
    public Response unauthenticated(Exception e, UriInfo uri) {
        Problem problem = new Problem(Problem.type("unauthenticated"), "Unauthenticated", 401,
                "a valid bearer token is required", path(uri), null);
        return Response.status(401).type(Problem.MEDIA_TYPE).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .entity(problem).build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(new Problem(Problem.type("forbidden"), "Forbidden", 403,
                "your roles do not allow this action", path(uri), null));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return unreadableJson(json, uri);
            }
        }
        int status = e.getResponse().getStatus();
        if (status < 400) {
            return e.getResponse();
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "Error" : type.getReasonPhrase();
        String slug = title.toLowerCase().replace(' ', '-');
        Response.ResponseBuilder builder = Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(new Problem(Problem.type(slug), title, status, detailOf(e, title), path(uri), null));
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if (allow != null) {
            builder.header(HttpHeaders.ALLOW, allow);
        }
        return builder.build();
    }

    /**
     * Input the database cannot store (a NUL character, a timestamp out of range, text where a
     * number belongs) is the caller's error, not ours: SQLSTATE class 22 is a 400.
     */
    @ServerExceptionMapper
    public Response databaseRefusedValue(io.vertx.pgclient.PgException e, UriInfo uri) {
        String state = e.getSqlState();
        if (state != null && state.startsWith("22")) {
            return invalid(List.of(new FieldError("body", "contains a value that cannot be stored"
                    + " (e.g. a NUL character or a date outside years 1 to 9999)")), uri);
        }
        return unexpected(e, uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure %s on %s", errorId, path(uri));
        return respond(new Problem(Problem.type("internal"), "Internal error", 500,
                "unexpected failure; quote error id " + errorId, path(uri), null));
    }

    private static Response invalid(List<FieldError> errors, UriInfo uri) {
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return respond(new Problem(Problem.type("validation"), "Invalid request", 400, detail, path(uri), errors));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getRawPath();
    }

    private static String detailOf(WebApplicationException e, String title) {
        String message = e.getMessage();
        // Framework messages for unmatched routes and similar are generic; keep them short and safe.
        return message == null || message.startsWith("HTTP ") ? title : message;
    }

    /**
     * "create.request.services[0]" → "services[0]": the method and parameter nodes are dropped,
     * except for a violation on a parameter itself (a query or path parameter), which is named.
     */
    private static String fieldOf(ConstraintViolation<?> violation) {
        List<Path.Node> nodes = new java.util.ArrayList<>();
        violation.getPropertyPath().forEach(nodes::add);
        StringBuilder field = new StringBuilder();
        for (Path.Node node : nodes) {
            switch (node.getKind()) {
                case METHOD, CONSTRUCTOR, RETURN_VALUE, CROSS_PARAMETER -> {
                }
                case PARAMETER -> {
                    if (nodes.size() == 2) {
                        field.append(node.getName());
                    }
                }
                case CONTAINER_ELEMENT -> appendIndex(field, node);
                default -> {
                    // An index on a node belongs to the element of the collection before it:
                    // routingRules[0].serviceKey, not routingRules.serviceKey[0].
                    appendIndex(field, node);
                    if (!field.isEmpty()) {
                        field.append('.');
                    }
                    field.append(node.getName());
                }
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }

    private static void appendIndex(StringBuilder field, Path.Node node) {
        if (node.getIndex() != null) {
            field.append('[').append(node.getIndex()).append(']');
        } else if (node.getKey() != null) {
            field.append('.').append(node.getKey());
        }
    }

    private static FieldError jsonError(Exception e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = pathOf(mapping);
            if (e instanceof UnrecognizedPropertyException) {
                return new FieldError(field, "unknown field");
            }
            if (e instanceof InvalidFormatException format && format.getTargetType() != null
                    && format.getTargetType().isEnum()) {
                return new FieldError(field, "must be one of " + Arrays.toString(format.getTargetType().getEnumConstants()));
            }
            if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
                return new FieldError(field, "must be a valid " + describe(mismatch.getTargetType()));
            }
            return new FieldError(field, "invalid value");
        }
        if (e instanceof MismatchedInputException) {
            return new FieldError("body", "a JSON object is required");
        }
        return new FieldError("body", "malformed JSON");
    }

    private static String describe(Class<?> type) {
        if (type.isEnum()) {
            return "value, one of " + Arrays.toString(type.getEnumConstants());
        }
        if (type == java.time.Instant.class) {
            return "ISO-8601 UTC timestamp";
        }
        if (type == UUID.class) {
            return "UUID";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "array";
        }
        if (type == String.class) {
            return "string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "number";
        }
        return "object";
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }
}
