package dev.movies.movie;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The catalogue search's one statement ({@link MovieRepository#search}), apart from the
 * repository for its size: its text and the conditions a query adds to it. Public for the
 * test and the benchmark that read its plan.
 */
public final class MovieSearchSql {

	/*
	 * Search, in one statement, from bounded candidate sets that indexes serve
	 * (docs/catalogue.md#search): - title hits: the query as words of a title (trigram
	 * word similarity, forgiving typos), as a substring of it, or (one word) resembling
	 * the whole title, over the stored keys (lower case, accents removed), at most
	 * :titlePool of them as the index finds them (planned apart, as a MATERIALIZED CTE,
	 * so the LIMIT cannot tempt the planner into a sequential scan that stops early: for
	 * a word in a few hundred titles it would read the whole table), plus the exact
	 * titles (an equality probe of the same trigram index), which a common word could
	 * otherwise crowd out. Tiers, computed on that bounded set: the exact title, then
	 * titles starting with the query, containing it, resembling it; within a tier the
	 * closest. - text hits: the full-text document (titles, cast, description) of the
	 * other movies, at most :textPool of them ranked by ts_rank (cast above description
	 * by the document's weights). Each set keeps the first :pool = offset + limit rows in
	 * the final order, which is all a page can need; search_key(:query) and the tsquery
	 * are folded into constants when planned.
	 */
	private static final String SEARCH = """
			WITH title_matches AS MATERIALIZED (
			    SELECT m.id, m.title_key, m.title_english_key, m.like_count
			    FROM movies m
			    WHERE {title_matches}{title_excluded}
			), title_candidates AS (
			    SELECT * FROM title_matches LIMIT :titlePool
			), exact_titles AS (
			    SELECT m.id, m.title_key, m.title_english_key, m.like_count
			    FROM movies m
			    WHERE (m.title_key = search_key({title_query}) OR m.title_english_key = search_key({title_query})){title_excluded}
			    LIMIT :pool
			), title_pool AS (
			    SELECT * FROM title_candidates
			    UNION
			    SELECT * FROM exact_titles
			), title_hits AS (
			    SELECT m.id, (SELECT count(*) FROM title_candidates) AS matches,
			        CASE WHEN search_key({title_query}) IN (m.title_key, m.title_english_key) THEN 4
			             WHEN m.title_key LIKE like_escape(search_key({title_query})) || '%'
			               OR m.title_english_key LIKE like_escape(search_key({title_query})) || '%' THEN 3
			             WHEN m.title_key LIKE '%' || like_escape(search_key({title_query})) || '%'
			               OR m.title_english_key LIKE '%' || like_escape(search_key({title_query})) || '%' THEN 2
			             ELSE 1 END AS tier,
			        greatest(word_similarity(search_key({title_query}), m.title_key) + similarity(search_key({title_query}), m.title_key),
			                 coalesce(word_similarity(search_key({title_query}), m.title_english_key)
			                     + similarity(search_key({title_query}), m.title_english_key), 0)) AS closeness
			    FROM title_pool m
			    ORDER BY tier DESC, closeness DESC, m.like_count DESC, m.id
			    LIMIT :pool
			), text_pool AS (
			    SELECT m.id, m.search_document, m.like_count
			    FROM movies m
			    WHERE m.search_document @@ websearch_to_tsquery('public.movies_text', :query)
			      AND NOT coalesce({title_matches}, false)
			    LIMIT :textPool
			), text_hits AS (
			    SELECT p.id, (SELECT count(*) FROM text_pool) AS matches, 0 AS tier,
			        ts_rank(p.search_document, websearch_to_tsquery('public.movies_text', :query)) AS closeness
			    FROM text_pool p
			    ORDER BY closeness DESC, p.like_count DESC, p.id
			    LIMIT :pool
			), hits AS (
			    SELECT id, tier, closeness FROM title_hits
			    UNION ALL
			    SELECT id, tier, closeness FROM text_hits
			)
			SELECT {movie_columns},
			    coalesce((SELECT max(matches) FROM title_hits), 0) AS title_matches,
			    coalesce((SELECT max(matches) FROM text_hits), 0) AS text_matches
			FROM hits h JOIN movies m ON m.id = h.id
			ORDER BY h.tier DESC, h.closeness DESC, m.like_count DESC, m.id
			LIMIT :limit OFFSET :offset
			""";

	private static final String TITLE_WORDS = "search_key({title_query}) <% m.title_key OR search_key({title_query}) <% m.title_english_key";

	/*
	 * The length is checked again on the normalised key: search_key() erases combining
	 * marks, so three of them passed the Java check and made LIKE '%%', matching every
	 * title. The condition is a constant when planned (search_key is immutable).
	 */
	private static final String TITLE_SUBSTRING = """

			OR (length(search_key({title_query})) >= %d
			    AND (m.title_key LIKE '%%' || like_escape(search_key({title_query})) || '%%'
			      OR m.title_english_key LIKE '%%' || like_escape(search_key({title_query})) || '%%'))"""
		.formatted(MovieSearchSql.SHORTEST_SUBSTRING);

	/*
	 * Whole-title similarity, for a typo in a one-word title ("incpetion" is too far from
	 * "inception" for word similarity). Only for one-word queries: with several words,
	 * the index cannot tell "the matrix" from the thousands of titles starting with
	 * "the ", and would have every one of them rechecked.
	 */
	private static final String TITLE_SIMILARITY = """

			OR search_key({title_query}) % m.title_key OR search_key({title_query}) % m.title_english_key""";

	/*
	 * Below three characters a substring has no trigram, so LIKE would scan every title,
	 * and it mostly finds noise ("up" in "Superman"); the words still match, through the
	 * index.
	 */
	private static final int SHORTEST_SUBSTRING = 3;

	private MovieSearchSql() {
	}

	/*
	 * "-word" (websearch_to_tsquery's NOT) excludes the movies whose document holds the
	 * word. The text hits get it from the tsquery; the title side matches the other words
	 * only (:titleQuery) and drops the movies matching any excluded word (:excluded, the
	 * words as an OR of phrases), so a title holding an excluded word never comes first.
	 * Without "-word" the statement is the same as ever, on :query alone.
	 */
	private static final String TITLE_EXCLUDED = """

			AND NOT m.search_document @@ websearch_to_tsquery('public.movies_text', :excluded)""";

	private static final Pattern EXCLUDED_WORD = Pattern.compile("(?<=^|\\s)-(\\S+)");

	/**
	 * The search statement for this query: its title conditions depend on the query's
	 * length and words. Bind {@code :query}, and {@link #titleQuery} and
	 * {@link #excluded} as {@code :titleQuery} and {@code :excluded} when the latter is
	 * not {@code null}.
	 */
	public static String of(String query) {
		String excluded = excluded(query);
		String titleQuery = (excluded != null) ? titleQuery(query) : query;
		StringBuilder titleMatches = new StringBuilder("(");
		if (titleQuery.isEmpty()) {
			// only "-word"s: no title to look for
			titleMatches.append("false");
		}
		else {
			titleMatches.append(TITLE_WORDS);
			if (titleQuery.length() >= SHORTEST_SUBSTRING) {
				titleMatches.append(TITLE_SUBSTRING);
				if (titleQuery.codePoints().noneMatch(Character::isWhitespace)) {
					titleMatches.append(TITLE_SIMILARITY);
				}
			}
		}
		return SEARCH.replace("{title_matches}", titleMatches.append(")"))
			.replace("{title_excluded}", (excluded != null) ? TITLE_EXCLUDED : "")
			.replace("{title_query}", (excluded != null) ? ":titleQuery" : ":query")
			.replace("{movie_columns}", MovieRows.COLUMNS.strip());
	}

	/** The query without its "-word"s: what titles are matched with. */
	public static String titleQuery(String query) {
		return EXCLUDED_WORD.matcher(query).replaceAll("").strip().replaceAll("\\s+", " ");
	}

	/**
	 * The query's "-word"s as a websearch_to_tsquery text matching any of them
	 * ({@code "part" or "iii"}), or {@code null} when it has none.
	 */
	public static String excluded(String query) {
		List<String> words = EXCLUDED_WORD.matcher(query)
			.results()
			.map((word) -> word.group(1).replace("\"", " ").strip())
			.filter((word) -> !word.isEmpty())
			.map((word) -> '"' + word + '"')
			.toList();
		return words.isEmpty() ? null : String.join(" or ", words);
	}

}
