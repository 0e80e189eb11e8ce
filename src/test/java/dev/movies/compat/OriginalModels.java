package dev.movies.compat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * The original API's pydantic response models (api/main.py of
 * UMEGS/movie_recommender_system), checked as pydantic parses them, but stricter: every
 * field must be present (the original sends its optional ones as null), no field may have
 * another JSON type, and a non-optional field is never null.
 */
final class OriginalModels {

	enum Type {

		INT, FLOAT, STR, LIST_OF_STR, LIST_OF_DICT, LIST_OF_MOVIES

	}

	record Field(Type type, boolean optional) {
	}

	/** MovieResponse. */
	static final Map<String, Field> MOVIE = fields("id", Type.INT, false, "external_id", Type.INT, false, "imdb_code",
			Type.STR, true, "title", Type.STR, false, "title_english", Type.STR, true, "year", Type.INT, false,
			"rating", Type.FLOAT, true, "runtime", Type.INT, true, "genres", Type.LIST_OF_STR, false,
			"description_full", Type.STR, true, "description_intro", Type.STR, true, "language", Type.STR, true,
			"like_count", Type.INT, true, "small_cover_image", Type.STR, true, "medium_cover_image", Type.STR, true,
			"large_cover_image", Type.STR, true, "yt_trailer_code", Type.STR, true, "cast", Type.LIST_OF_DICT, false,
			"torrents_count", Type.INT, false, "similarity_score", Type.FLOAT, true);

	/**
	 * RecommendationResponse: every list answer (search, genres, trending, top rated,
	 * recommendations).
	 */
	static final Map<String, Field> LIST = fields("total", Type.INT, false, "movies", Type.LIST_OF_MOVIES, false,
			"distance_metric", Type.STR, true);

	/** HealthResponse. */
	static final Map<String, Field> HEALTH = fields("status", Type.STR, false, "version", Type.STR, false, "database",
			Type.STR, false);

	/** The object of {@code GET /} (a plain dict in the original). */
	static final Map<String, Field> ROOT = fields("name", Type.STR, false, "version", Type.STR, false, "docs", Type.STR,
			false, "health", Type.STR, false);

	private OriginalModels() {
	}

	/**
	 * Everything wrong with {@code json} as an instance of {@code model}, each with its
	 * JSON path.
	 */
	static List<String> problems(JsonNode json, Map<String, Field> model) {
		List<String> problems = new ArrayList<>();
		check(json, model, "$", problems);
		return problems;
	}

	private static void check(JsonNode json, Map<String, Field> model, String path, List<String> problems) {
		if (json == null || !json.isObject()) {
			problems.add(path + ": not an object");
			return;
		}
		model.forEach((name, field) -> {
			String at = path + "." + name;
			JsonNode value = json.get(name);
			if (value == null) {
				problems.add(at + ": missing");
			}
			else if (value.isNull()) {
				if (!field.optional()) {
					problems.add(at + ": null, but not Optional");
				}
			}
			else {
				checkType(value, field.type(), at, problems);
			}
		});
	}

	private static void checkType(JsonNode value, Type type, String at, List<String> problems) {
		switch (type) {
			case INT -> expect(value.isIntegralNumber(), at, "int", value, problems);
			case FLOAT -> expect(value.isNumber(), at, "float", value, problems);
			case STR -> expect(value.isString(), at, "str", value, problems);
			case LIST_OF_STR ->
				eachOf(value, at, problems, (item, itemAt) -> expect(item.isString(), itemAt, "str", item, problems));
			case LIST_OF_DICT ->
				eachOf(value, at, problems, (item, itemAt) -> expect(item.isObject(), itemAt, "dict", item, problems));
			case LIST_OF_MOVIES -> eachOf(value, at, problems, (item, itemAt) -> check(item, MOVIE, itemAt, problems));
		}
	}

	private static void eachOf(JsonNode value, String at, List<String> problems,
			java.util.function.BiConsumer<JsonNode, String> item) {
		if (!value.isArray()) {
			problems.add(at + ": expected a list, got " + value.getNodeType());
			return;
		}
		for (int i = 0; i < value.size(); i++) {
			item.accept(value.get(i), at + "[" + i + "]");
		}
	}

	private static void expect(boolean ok, String at, String type, JsonNode value, List<String> problems) {
		if (!ok) {
			problems.add("%s: expected %s, got %s %s".formatted(at, type, value.getNodeType(), value));
		}
	}

	private static Map<String, Field> fields(Object... definition) {
		Map<String, Field> fields = new LinkedHashMap<>();
		for (int i = 0; i < definition.length; i += 3) {
			fields.put((String) definition[i], new Field((Type) definition[i + 1], (Boolean) definition[i + 2]));
		}
		return fields;
	}

}
