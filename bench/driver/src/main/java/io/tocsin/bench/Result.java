package io.tocsin.bench;

import io.vertx.core.json.JsonObject;

/**
 * One row of the table: what was measured, the reference measured in the same run (if any), their
 * ratio, the goal and whether it was met. {@code met} is null when the figure could not be judged
 * (the reference was unavailable or the scenario failed).
 */
record Result(String id, String scenario, String measured, Double figure, String unit, String referenceName,
        Double reference, Double ratio, String goal, Boolean met, String note, JsonObject details) {

    static Result failed(String id, String scenario, String goal, String why) {
        return new Result(id, scenario, "—", null, null, null, null, null, goal, null, "failed: " + why, new JsonObject());
    }

    JsonObject toJson() {
        return new JsonObject().put("id", id).put("scenario", scenario).put("measured", measured).put("figure", figure)
                .put("unit", unit).put("reference", referenceName).put("referenceFigure", reference).put("ratio", ratio)
                .put("goal", goal).put("met", met).put("note", note).put("details", details);
    }

    static Double ratio(Double figure, Double reference) {
        return figure == null || reference == null || reference == 0 ? null : round(figure / reference, 3);
    }

    static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
