package dev.movies.recommendation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.movies.recommendation.Ranker.Ranked;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The offline check behind the default ranking weights. No co-rating data is available here, so
 * relevance is proxied by an independent signal: two films are related when they share one of
 * their five top-billed actors (sequels, franchises, a director's regular cast). Films are embedded
 * with all-MiniLM-L6-v2 from title, year, genres and Wikipedia extract (no cast list); for every
 * film that has related films, the 100 nearest are re-ranked by {@link Ranker} with each weight
 * setting and precision@10 and nDCG@10 of the proxy are printed. Run:
 *
 * <pre>
 * flock -x /tmp/movies-cpu.lock ./mvnw -q -Pbenchmark test -Dtest=RankingWeightsBenchmark
 * </pre>
 */
@Tag("benchmark")
class RankingWeightsBenchmark {

	record Film(String title, List<String> genres, Set<String> cast, float[] vector) {
	}

	@Test
	void genreWeightAgainstSharedCast() throws IOException {
		List<Film> films = films();
		System.out.printf("%n=== Ranking weights: %d Wikipedia films 2000-2023, all-MiniLM-L6-v2 ===%n", films.size());
		double[][] settings = { { 1, 0 }, { 0.95, 0.05 }, { 0.9, 0.1 }, { 0.85, 0.1 }, { 0.85, 0.15 }, { 0.8, 0.2 },
				{ 0.7, 0.3 } };
		for (double[] setting : settings) {
			Ranker ranker = new Ranker(new RecommendationProperties.Ranking(setting[0], setting[1], 0, 100, 6.0, 100, 0));
			double precision = 0;
			double ndcg = 0;
			int queries = 0;
			for (int q = 0; q < films.size(); q++) {
				Film query = films.get(q);
				if (query.cast().isEmpty()) {
					continue;
				}
				List<Candidate> candidates = new ArrayList<>();
				int related = 0;
				for (int i = 0; i < films.size(); i++) {
					if (i != q) {
						Film film = films.get(i);
						double dot = Ranker.dot(query.vector(), film.vector());
						candidates.add(new Candidate(i, dot, 1 - dot, film.genres(), null, 0, null));
						related += relevant(query, film) ? 1 : 0;
					}
				}
				if (related == 0) {
					continue;
				}
				candidates.sort(Comparator.comparingDouble(Candidate::dot).reversed());
				List<Ranked> top = ranker.rank(candidates.subList(0, 100), query.genres(), true, 0, 10);
				double dcg = 0;
				double ideal = 0;
				int hits = 0;
				for (int k = 0; k < top.size(); k++) {
					if (relevant(query, films.get((int) top.get(k).candidate().movieId()))) {
						hits++;
						dcg += 1 / (Math.log(k + 2) / Math.log(2));
					}
					if (k < related) {
						ideal += 1 / (Math.log(k + 2) / Math.log(2));
					}
				}
				precision += hits / 10.0;
				ndcg += dcg / ideal;
				queries++;
			}
			System.out.printf("similarity %.2f genre %.2f: precision@10 %.4f  nDCG@10 %.4f  (%d queries)%n",
					setting[0], setting[1], precision / queries, ndcg / queries, queries);
		}
	}

	private static boolean relevant(Film a, Film b) {
		for (String actor : b.cast()) {
			if (a.cast().contains(actor)) {
				return true;
			}
		}
		return false;
	}

	private static List<Film> films() throws IOException {
		Path folder = Path.of(System.getProperty("bench.films", "../shared/datasets/wikipedia-movie-data"));
		if (!Files.isDirectory(folder)) {
			folder = Path.of("/work/shared/datasets/wikipedia-movie-data");
		}
		JsonMapper json = JsonMapper.builder().build();
		List<JsonNode> nodes = new ArrayList<>();
		try (Stream<Path> files = Files.list(folder)) {
			for (Path file : files.filter((p) -> p.getFileName().toString().matches("movies-20[0-2]0s\\.json"))
				.sorted()
				.toList()) {
				json.readTree(file.toFile()).forEach((film) -> {
					if (!film.path("extract").asString("").isBlank()) {
						nodes.add(film);
					}
				});
			}
		}
		List<String> texts = new ArrayList<>();
		for (JsonNode film : nodes) {
			texts.add("Title: %s | Year: %d | Genres: %s | Description: %s".formatted(film.path("title").asString(),
					film.path("year").asInt(), String.join(", ", strings(film.path("genres"))),
					film.path("extract").asString()));
		}
		AllMiniLmL6V2QuantizedEmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();
		List<Film> films = new ArrayList<>();
		for (int start = 0; start < texts.size(); start += 64) {
			List<TextSegment> batch = texts.subList(start, Math.min(texts.size(), start + 64))
				.stream()
				.map(TextSegment::from)
				.toList();
			var vectors = model.embedAll(batch).content();
			for (int i = 0; i < batch.size(); i++) {
				JsonNode film = nodes.get(start + i);
				List<String> cast = strings(film.path("cast"));
				films.add(new Film(film.path("title").asString(),
						strings(film.path("genres")).stream().map((g) -> g.toLowerCase(Locale.ROOT)).toList(),
						new HashSet<>(cast.subList(0, Math.min(5, cast.size()))),
						VectorCatalogue.normalise(vectors.get(i).vector())));
			}
		}
		return films;
	}

	private static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach((value) -> values.add(value.asString()));
		return values;
	}

}
