package io.tocsin.platform.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts JSON read from the database into plain maps and lists that any serializer handles. */
public final class JsonValues {

    private JsonValues() {
    }

    public static Map<String, Object> plainMap(JsonObject object) {
        if (object == null) {
            return Map.of();
        }
        Map<String, Object> map = new LinkedHashMap<>();
        object.forEach(entry -> map.put(entry.getKey(), plain(entry.getValue())));
        return map;
    }

    private static Object plain(Object value) {
        if (value instanceof JsonObject object) {
            return plainMap(object);
        }
        if (value instanceof JsonArray array) {
            List<Object> list = new ArrayList<>(array.size());
            array.forEach(item -> list.add(plain(item)));
            return list;
        }
        if (value instanceof Map<?, ?> map) {
            return plainMap(new JsonObject(castMap(map)));
        }
        if (value instanceof List<?> list) {
            return plain(new JsonArray(new ArrayList<>(list)));
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
