package dev.movies.recommendation;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.langchain4j.data.segment.TextSegment;
import dev.movies.embedding.DocumentText;
import dev.movies.movie.CastMember;
import dev.movies.movie.Movie;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The relevance bench: embeds a catalogue with an in-process model, ranks every film's
 * recommendations with each ranking variant exactly as {@link Ranker} does in the service
 * (the 100 nearest by vector, re-ranked), and prints hit@10 and nDCG@10 against a ground
 * truth of related films. Two catalogues:
 * <ul>
 * <li>the bundled sample catalogue (276 films with YTS-like ratings, likes and downloads)
 * against hand-judged lists ({@code src/bench/resources/relevance/sample-judgements.tsv}):
 * the only one where the popularity and rating priors can show anything;</li>
 * <li>Wikipedia films ({@code -Dbench.films=<folder>} of the wikipedia-movie-data JSON
 * files, from the public prust/wikipedia-movie-data repository) against ground truth
 * derived at run time: sequels and franchises (titles sharing a stem), the same director
 * (named in the extract) and shared leading cast. These films have no ratings or likes,
 * so the priors are flat there.</li>
 * </ul>
 * Run (vectors are cached under {@code target/relevance-bench}, so a second run takes
 * seconds):
 *
 * <pre>
 * ./mvnw -q -Pbenchmark test -Dtest=RelevanceBench -Dbench.films=/path/to/wikipedia-movie-data \
 *     [-Dbench.models=all-minilm-l6-v2-q,bge-small-en-v15-q,e5-small-v2-q] [-Dbench.wikipedia.films=3000]
 * </pre>
 */
@Tag("benchmark")
class RelevanceBench {

	static final int POOL = 100;

	static final int K = 10;

	/**
	 * The in-process models Maven Central ships for ONNX, with their document prefixes.
	 */
	static final Map<String, BenchModel> MODELS = Map.of("all-minilm-l6-v2-q",
			new BenchModel(
					"dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel", ""),
			"bge-small-en-v15-q",
			new BenchModel("dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel",
					""),
			"e5-small-v2-q", new BenchModel(
					"dev.langchain4j.model.embedding.onnx.e5smallv2q.E5SmallV2QuantizedEmbeddingModel", "passage: "));

	record BenchModel(String className, String documentPrefix) {
	}

	/**
	 * A film of a bench catalogue, its related films (indexes), and its vector once
	 * embedded.
	 */
	record Film(Movie movie, List<String> genreKeys, Set<Integer> related, float[] vector) {
	}

	record Variant(String name, RankingWeights weights, boolean genresOnly) {
	}

	@Test
	void relevance() throws Exception {
		RecommendationProperties defaults = new Binder(new MapConfigurationPropertySource())
			.bindOrCreate("movies.recommendations", RecommendationProperties.class);
		List<String> models = List.of(System.getProperty("bench.models", "all-minilm-l6-v2-q").split(","));
		String films = System.getProperty("bench.films", "");
		int wikipediaSize = Integer.getInteger("bench.wikipedia.films", 3000);
		System.out.printf("%n=== Relevance bench: hit@%d and nDCG@%d, %d nearest re-ranked ===%n", K, K, POOL);
		System.out.println("(figures from a shared 2-core machine; the ranking is exact, not timed)");
		List<Movie> sample = sampleCatalogue();
		List<Film> sampleFilms = judged(sample);
		List<Film> wikipediaFilms = films.isBlank() ? List.of() : wikipedia(Path.of(films), wikipediaSize);
		for (String name : models) {
			BenchModel model = MODELS.get(name.strip());
			if (model == null) {
				throw new IllegalArgumentException("Unknown model " + name + "; known: " + MODELS.keySet());
			}
			dev.langchain4j.model.embedding.EmbeddingModel onnx = load(model);
			report("sample catalogue, judged lists", name.strip(), embed(sampleFilms, onnx, name.strip(), model),
					defaults);
			if (!wikipediaFilms.isEmpty()) {
				report("Wikipedia films, franchise/director/cast ground truth", name.strip(),
						embed(wikipediaFilms, onnx, name.strip(), model), defaults);
			}
		}
	}

	private static void report(String catalogue, String model, List<Film> films, RecommendationProperties defaults) {
		RecommendationProperties.Ranking ranking = defaults.ranking();
		List<Variant> variants = new ArrayList<>(List.of(new Variant("similarity only", null, false),
				new Variant("genre overlap only (no vectors)", null, true),
				new Variant("old default 0.85/0.10/0/0.05", new RankingWeights(0.85, 0.10, 0, 0.05), false),
				new Variant("new default " + describe(ranking.weights()), ranking.weights(), false),
				new Variant("popularity prior alone (in the pool)", new RankingWeights(0, 0, 1, 0), false),
				new Variant("Bayesian rating alone (in the pool)", new RankingWeights(0, 0, 0, 1), false),
				new Variant("similarity + genres 0.9/0.1", new RankingWeights(0.9, 0.1, 0, 0), false),
				new Variant("similarity + popularity 0.8/0.2", new RankingWeights(0.8, 0, 0.2, 0), false),
				new Variant("similarity + rating 0.8/0.2", new RankingWeights(0.8, 0, 0, 0.2), false)));
		if (Boolean.getBoolean("bench.grid")) {
			for (double genre : new double[] { 0, 0.05, 0.1, 0.15, 0.2 }) {
				for (double popularity : new double[] { 0, 0.05, 0.1, 0.15, 0.2, 0.3 }) {
					for (double rating : new double[] { 0, 0.05, 0.1, 0.15, 0.2, 0.3 }) {
						RankingWeights w = new RankingWeights(0.6, genre, popularity, rating);
						variants.add(new Variant("grid " + describe(w), w, false));
					}
				}
			}
		}
		long queries = films.stream().filter((f) -> !f.related().isEmpty()).count();
		System.out.printf("%n--- %s: %d films, %d queries, model %s ---%n", catalogue, films.size(), queries, model);
		Ranker ranker = new Ranker(ranking, defaults.hybrid());
		CataloguePriors.Popularity popularity = popularity(films);
		Map<Integer, List<Candidate>> pools = new HashMap<>();
		for (int q = 0; q < films.size(); q++) {
			if (!films.get(q).related().isEmpty()) {
				pools.put(q, pool(films, q));
			}
		}
		for (Variant variant : variants) {
			double hits = 0;
			double ndcg = 0;
			for (int q = 0; q < films.size(); q++) {
				Film query = films.get(q);
				if (query.related().isEmpty()) {
					continue;
				}
				List<Integer> top = variant.genresOnly() ? byGenres(films, q)
						: ranker.rank(pools.get(q), query.genreKeys(), variant.weights(), popularity, 0, K)
							.stream()
							.map((r) -> (int) r.candidate().movieId())
							.toList();
				double dcg = 0;
				boolean hit = false;
				for (int k = 0; k < top.size(); k++) {
					if (query.related().contains(top.get(k))) {
						hit = true;
						dcg += 1 / log2(k + 2);
					}
				}
				double ideal = 0;
				for (int k = 0; k < Math.min(K, query.related().size()); k++) {
					ideal += 1 / log2(k + 2);
				}
				hits += hit ? 1 : 0;
				ndcg += dcg / ideal;
			}
			System.out.printf(Locale.ROOT, "%-46s hit@10 %.3f  nDCG@10 %.3f%n", variant.name(), hits / queries,
					ndcg / queries);
		}
	}

	private static String describe(RankingWeights w) {
		return String.format(Locale.ROOT, "%.2f/%.2f/%.2f/%.2f", w.similarity(), w.genreOverlap(), w.popularity(),
				w.rating());
	}

	/**
	 * The service's candidates: the 100 nearest by vector, which each variant re-ranks.
	 */
	private static List<Candidate> pool(List<Film> films, int q) {
		Film query = films.get(q);
		List<Candidate> candidates = new ArrayList<>(films.size());
		for (int i = 0; i < films.size(); i++) {
			if (i != q) {
				Film film = films.get(i);
				double dot = Ranker.dot(query.vector(), film.vector());
				candidates.add(new Candidate(i, dot, 1 - dot, film.genreKeys(), film.movie().rating(),
						film.movie().likeCount(), film.movie().downloadCount(), null, null));
			}
		}
		candidates.sort(Comparator.comparingDouble(Candidate::dot).reversed());
		return List.copyOf(candidates.subList(0, Math.min(POOL, candidates.size())));
	}

	/**
	 * Genre overlap alone over the whole catalogue, ties by position (no vectors, no
	 * priors).
	 */
	private static List<Integer> byGenres(List<Film> films, int q) {
		Set<String> genres = Set.copyOf(films.get(q).genreKeys());
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < films.size(); i++) {
			if (i != q) {
				order.add(i);
			}
		}
		order.sort(Comparator.comparingDouble((Integer i) -> -Ranker.jaccard(genres, films.get(i).genreKeys()))
			.thenComparingInt((i) -> i));
		return order.subList(0, K);
	}

	private static CataloguePriors.Popularity popularity(List<Film> films) {
		long likes = films.stream().mapToLong((f) -> f.movie().likeCount()).max().orElse(0);
		long downloads = films.stream().mapToLong((f) -> f.movie().downloadCount()).max().orElse(0);
		return new CataloguePriors.Popularity(likes, downloads);
	}

	private static double log2(double x) {
		return Math.log(x) / Math.log(2);
	}

	// --- catalogues and ground truth

	private static List<Movie> sampleCatalogue() throws IOException {
		JsonMapper json = JsonMapper.builder()
			.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.build();
		try (InputStream in = RelevanceBench.class.getResourceAsStream("/catalog/sample-movies.json")) {
			List<Movie> movies = new ArrayList<>();
			json.readTree(in).forEach((node) -> movies.add(json.treeToValue(node, Movie.class)));
			return movies;
		}
	}

	/**
	 * The sample catalogue with the hand-judged related films of each judged query film.
	 */
	private static List<Film> judged(List<Movie> movies) throws IOException {
		Map<String, Integer> byLabel = new HashMap<>();
		for (int i = 0; i < movies.size(); i++) {
			byLabel.put(label(movies.get(i)), i);
		}
		Map<Integer, Set<Integer>> related = new HashMap<>();
		int named = 0;
		int missing = 0;
		try (InputStream in = RelevanceBench.class.getResourceAsStream("/relevance/sample-judgements.tsv")) {
			for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
				if (line.isBlank() || line.startsWith("#")) {
					continue;
				}
				String[] columns = line.split("\t");
				Integer query = byLabel.get(columns[0].strip());
				if (query == null) {
					throw new IllegalStateException("Judged film not in the sample catalogue: " + columns[0]);
				}
				Set<Integer> set = related.computeIfAbsent(query, (k) -> new HashSet<>());
				for (String title : columns[1].split(";")) {
					Integer film = byLabel.get(title.strip());
					if (film == null) {
						missing++;
					}
					else {
						set.add(film);
						named++;
					}
				}
			}
		}
		System.out.printf("sample catalogue: %d judged films, %d related films in the catalogue (%d named films "
				+ "are not in it and are ignored)%n", related.size(), named, missing);
		List<Film> films = new ArrayList<>();
		for (int i = 0; i < movies.size(); i++) {
			films.add(film(movies.get(i), related.getOrDefault(i, Set.of())));
		}
		return films;
	}

	private static Film film(Movie movie, Set<Integer> related) {
		return new Film(movie, SearchOptions.genreKeys(movie.genres()), related, null);
	}

	private static String label(Movie movie) {
		return "%s (%d)".formatted(movie.title(), movie.year());
	}

	private static final Pattern DIRECTED_BY = Pattern
		.compile("directed by ((?:[A-Z][\\p{L}.'-]+)(?: (?:[A-Z][\\p{L}.'-]+|de|van|von|del|la)){1,3})");

	private static final Pattern SEQUEL_TAIL = Pattern
		.compile("(:.*|\\s+(part\\s+)?([0-9]+|ii|iii|iv|v|vi|vii|viii|ix|x)\\b.*)$");

	/**
	 * Films of 1980-2023 with an extract: every film of a franchise or director group of
	 * 2-12 films, then other films (seeded random) as distractors up to {@code size}.
	 * Related: the same title stem (sequels, franchises), the same director, or at least
	 * two of the five leading actors shared.
	 */
	private static List<Film> wikipedia(Path folder, int size) throws IOException {
		JsonMapper json = JsonMapper.builder().build();
		List<JsonNode> nodes = new ArrayList<>();
		try (Stream<Path> files = Files.list(folder)) {
			for (Path file : files.filter((p) -> p.getFileName().toString().matches("movies-(19[89]|20[0-2])0s\\.json"))
				.sorted()
				.toList()) {
				json.readTree(file.toFile()).forEach((film) -> {
					if (!film.path("extract").asString("").isBlank() && film.path("year").asInt() >= 1980) {
						nodes.add(film);
					}
				});
			}
		}
		Map<String, List<Integer>> groups = new HashMap<>();
		for (int i = 0; i < nodes.size(); i++) {
			JsonNode film = nodes.get(i);
			String stem = SEQUEL_TAIL.matcher(film.path("title").asString().toLowerCase(Locale.ROOT))
				.replaceAll("")
				.strip();
			if (stem.length() >= 4) {
				groups.computeIfAbsent("title:" + stem, (k) -> new ArrayList<>()).add(i);
			}
			Matcher director = DIRECTED_BY.matcher(film.path("extract").asString());
			if (director.find()) {
				groups.computeIfAbsent("director:" + director.group(1), (k) -> new ArrayList<>()).add(i);
			}
		}
		Set<Integer> chosen = new LinkedHashSet<>();
		groups.values()
			.stream()
			.filter((g) -> g.size() >= 2 && g.size() <= 12)
			.sorted(Comparator.comparing((List<Integer> g) -> g.getFirst()))
			.forEach((g) -> {
				if (chosen.size() + g.size() <= size * 2 / 3) {
					chosen.addAll(g);
				}
			});
		Random random = new Random(42);
		while (chosen.size() < Math.min(size, nodes.size())) {
			chosen.add(random.nextInt(nodes.size()));
		}
		List<Integer> picked = new ArrayList<>(chosen);
		Map<Integer, Integer> position = new HashMap<>();
		for (int i = 0; i < picked.size(); i++) {
			position.put(picked.get(i), i);
		}
		List<Set<Integer>> related = new ArrayList<>();
		picked.forEach((p) -> related.add(new HashSet<>()));
		for (List<Integer> group : groups.values()) {
			if (group.size() < 2 || group.size() > 12) {
				continue;
			}
			for (Integer a : group) {
				for (Integer b : group) {
					if (!a.equals(b) && position.containsKey(a) && position.containsKey(b)) {
						related.get(position.get(a)).add(position.get(b));
					}
				}
			}
		}
		List<Set<String>> leads = picked.stream().map((p) -> {
			List<String> cast = new ArrayList<>();
			nodes.get(p).path("cast").forEach((c) -> cast.add(c.asString()));
			return Set.copyOf(cast.subList(0, Math.min(5, cast.size())));
		}).toList();
		for (int a = 0; a < picked.size(); a++) {
			for (int b = a + 1; b < picked.size(); b++) {
				long shared = leads.get(a).stream().filter(leads.get(b)::contains).count();
				if (shared >= 2) {
					related.get(a).add(b);
					related.get(b).add(a);
				}
			}
		}
		List<Film> films = new ArrayList<>();
		for (int i = 0; i < picked.size(); i++) {
			JsonNode node = nodes.get(picked.get(i));
			List<String> genres = new ArrayList<>();
			node.path("genres").forEach((g) -> genres.add(g.asString()));
			List<CastMember> cast = new ArrayList<>();
			node.path("cast").forEach((c) -> cast.add(new CastMember(c.asString(), null, null, null)));
			Movie movie = new Movie((long) i, (long) i, null, node.path("title").asString(), null,
					node.path("year").asInt(), null, null, genres, node.path("extract").asString(), null, null, 0, 0,
					null, null, null, null, null, cast);
			films.add(film(movie, related.get(i)));
		}
		return films;
	}

	// --- embedding, cached on disk per model and text

	private static dev.langchain4j.model.embedding.EmbeddingModel load(BenchModel model) throws Exception {
		try {
			return (dev.langchain4j.model.embedding.EmbeddingModel) Class.forName(model.className())
				.getConstructor()
				.newInstance();
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(model.className() + " is not on the classpath: run with -Pbenchmark", ex);
		}
	}

	private static List<Film> embed(List<Film> films, dev.langchain4j.model.embedding.EmbeddingModel onnx, String name,
			BenchModel model) throws IOException {
		List<String> texts = films.stream()
			.map((f) -> model.documentPrefix() + truncate(DocumentText.of(f.movie())))
			.toList();
		Path cache = Path.of("target", "relevance-bench", "%s-%08x.vectors".formatted(name, texts.hashCode()));
		List<float[]> vectors = read(cache, texts.size());
		if (vectors == null) {
			long started = System.nanoTime();
			vectors = new ArrayList<>();
			for (int start = 0; start < texts.size(); start += 32) {
				List<TextSegment> batch = texts.subList(start, Math.min(texts.size(), start + 32))
					.stream()
					.map(TextSegment::from)
					.toList();
				for (var embedding : onnx.embedAll(batch).content()) {
					vectors.add(VectorCatalogue.normalise(embedding.vector()));
				}
			}
			System.out.printf(Locale.ROOT, "embedded %d films with %s in %.0f s (busy machine)%n", texts.size(), name,
					(System.nanoTime() - started) / 1e9);
			write(cache, vectors);
		}
		List<Film> embedded = new ArrayList<>(films.size());
		for (int i = 0; i < films.size(); i++) {
			Film f = films.get(i);
			embedded.add(new Film(f.movie(), f.genreKeys(), f.related(), vectors.get(i)));
		}
		return embedded;
	}

	/** As the service's in-process adapter does: 2,000 characters at most. */
	private static String truncate(String text) {
		return text.length() <= 2000 ? text : text.substring(0, 2000);
	}

	private static List<float[]> read(Path cache, int count) throws IOException {
		if (!Files.exists(cache)) {
			return null;
		}
		try (DataInputStream in = new DataInputStream(Files.newInputStream(cache))) {
			List<float[]> vectors = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				float[] vector = new float[in.readInt()];
				for (int d = 0; d < vector.length; d++) {
					vector[d] = in.readFloat();
				}
				vectors.add(vector);
			}
			return vectors;
		}
	}

	private static void write(Path cache, List<float[]> vectors) throws IOException {
		Files.createDirectories(cache.getParent());
		try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(cache))) {
			for (float[] vector : vectors) {
				out.writeInt(vector.length);
				for (float value : vector) {
					out.writeFloat(value);
				}
			}
		}
	}

}
