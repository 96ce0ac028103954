package io.tocsin.platform.http;

import java.util.List;

/** A page of results and the opaque cursor for the next one (null on the last page). */
public record Page<T>(List<T> items, String nextCursor) {
}
