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
import dev.movies.recommendation.RecommendationProperties.PoolScale;
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
	 * The in-process models Maven Central ships for ONNX, with their document prefixes:
	 * e5-small-v2 as the service runs it (its files on the project's runtime), the others
	 * through langchain4j's classes.
	 */
	static final Map<String, BenchModel> MODELS = Map.of("all-minilm-l6-v2-q",
			new BenchModel(
					"dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel", ""),
			"bge-small-en-v15-q",
			new BenchModel("dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel",
					""),
			"e5-small-v2-q", new BenchModel("dev.movies.embedding.E5SmallV2QuantizedModel", "passage: "));

	record BenchModel(String className, String documentPrefix) {
	}

	/**
	 * A film of a bench catalogue, its related films (indexes), and its vector once
	 * embedded.
	 */
	record Film(Movie movie, List<String> genreKeys, List<String> rawGenres, Set<Integer> related, float[] vector) {
	}

	@Test
	void relevance() throws Exception {
		RecommendationProperties defaults = new Binder(new MapConfigurationPropertySource())
			.bindOrCreate("movies.recommendations", RecommendationProperties.class);
		List<String> models = List.of(System.getProperty("bench.models", "e5-small-v2-q,all-minilm-l6-v2-q").split(","));
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

	private static void report(String catalogue, String model, List<Film> films, RecommendationProperties defaults)
			throws IOException {
		RecommendationProperties.Ranking ranking = defaults.ranking();
		RankingWeights configured = ranking.weights();
		RankingWeights previous = new RankingWeights(0.6, 0.1, 0.1, 0.1);
		List<Variant> variants = new ArrayList<>(List.of(new Variant("similarity only", null, PoolScale.NONE),
				Variant.genresOnly("genre overlap only (no vectors)"),
				new Variant("old default 0.85/0.10/0/0.05, raw cosine", new RankingWeights(0.85, 0.10, 0, 0.05),
						PoolScale.NONE),
				new Variant("previous default 0.6/0.1/0.1/0.1, raw cosine", previous, PoolScale.NONE),
				new Variant("previous default weights, min-max in pool", previous, PoolScale.MIN_MAX),
				new Variant("previous default weights, rank in pool", previous, PoolScale.RANK),
				new Variant("DEFAULT " + describe(configured) + ", " + name(ranking.poolScale()), configured,
						ranking.poolScale()),
				new Variant("default, genres as lower-case names (no vocabulary)", configured, ranking.poolScale(),
						false, true),
				new Variant("default without genre overlap", without(configured, 1), ranking.poolScale()),
				new Variant("default without popularity", without(configured, 2), ranking.poolScale()),
				new Variant("default without rating", without(configured, 3), ranking.poolScale()),
				new Variant("popularity prior alone (in the pool)", new RankingWeights(0, 0, 1, 0), PoolScale.NONE),
				new Variant("Bayesian rating alone (in the pool)", new RankingWeights(0, 0, 0, 1), PoolScale.NONE)));
		List<Variant> grid = new ArrayList<>();
		if (Boolean.getBoolean("bench.grid")) {
			double[] genres = { 0, 0.1, 0.2, 0.3, 0.4, 0.5 };
			double[] priors = { 0, 0.05, 0.1, 0.2, 0.3 };
			for (PoolScale scale : List.of(PoolScale.NONE, PoolScale.MIN_MAX, PoolScale.RANK)) {
				for (double genre : genres) {
					for (double popularity : priors) {
						for (double rating : priors) {
							RankingWeights w = new RankingWeights(0.6, genre, popularity, rating);
							grid.add(new Variant("grid " + describe(w) + " " + name(scale), w, scale));
						}
					}
				}
			}
		}
		long queries = films.stream().filter((f) -> !f.related().isEmpty()).count();
		System.out.printf("%n--- %s: %d films, %d queries, model %s ---%n", catalogue, films.size(), queries, model);
		CataloguePriors.Popularity popularity = popularity(films);
		Map<Integer, List<Integer>> pools = new HashMap<>();
		for (int q = 0; q < films.size(); q++) {
			if (!films.get(q).related().isEmpty()) {
				pools.put(q, pool(films, q));
			}
		}
		double[] baseline = null;
		System.out.printf("%-56s %9s %9s %9s   %s%n", "ranking", "hit@10", "nDCG@10", "MRR@10",
				"nDCG@10 minus similarity only: mean [95% bootstrap], queries better/worse");
		for (Variant variant : variants) {
			Scores scores = evaluate(films, pools, variant, ranking, defaults.hybrid(), popularity);
			if (baseline == null) {
				baseline = scores.ndcg();
			}
			System.out.printf(Locale.ROOT, "%-56s %9.3f %9.3f %9.3f   %s%n", variant.name(), scores.hit(),
					mean(scores.ndcg()), mean(scores.reciprocalRank()), compare(scores.ndcg(), baseline));
		}
		if (!grid.isEmpty()) {
			List<Map.Entry<Variant, Scores>> results = new ArrayList<>();
			for (Variant variant : grid) {
				results
					.add(Map.entry(variant, evaluate(films, pools, variant, ranking, defaults.hybrid(), popularity)));
			}
			results.sort(Comparator.comparingDouble((Map.Entry<Variant, Scores> e) -> -mean(e.getValue().ndcg())));
			System.out.printf("grid (similarity 0.6), the best 15 of %d by nDCG@10:%n", results.size());
			for (Map.Entry<Variant, Scores> e : results.subList(0, Math.min(15, results.size()))) {
				System.out.printf(Locale.ROOT, "%-56s %9.3f %9.3f %9.3f   %s%n", e.getKey().name(), e.getValue().hit(),
						mean(e.getValue().ndcg()), mean(e.getValue().reciprocalRank()),
						compare(e.getValue().ndcg(), baseline));
			}
			String file = System.getProperty("bench.grid.out", "");
			if (!file.isBlank()) {
				List<String> lines = new ArrayList<>();
				for (Map.Entry<Variant, Scores> e : results) {
					lines.add(String.format(Locale.ROOT, "%s\t%s\t%s\t%.4f\t%.4f\t%.4f", catalogue, model,
							e.getKey().name(), e.getValue().hit(), mean(e.getValue().ndcg()),
							mean(e.getValue().reciprocalRank())));
				}
				Files.write(Path.of(file), lines, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
						java.nio.file.StandardOpenOption.APPEND);
			}
		}
	}

	/**
	 * A ranking variant: {@code weights null} orders by similarity alone;
	 * {@code genresOnly} by genre overlap over the whole catalogue; {@code rawGenres}
	 * compares lower-case genre names instead of the vocabulary's keys.
	 */
	record Variant(String name, RankingWeights weights, PoolScale scale, boolean genresOnly, boolean rawGenres) {

		Variant(String name, RankingWeights weights, PoolScale scale) {
			this(name, weights, scale, false, false);
		}

		static Variant genresOnly(String name) {
			return new Variant(name, null, PoolScale.NONE, true, false);
		}

	}

	/** Per query: hit@10 (share), nDCG@10 and the reciprocal rank of the first hit. */
	record Scores(double hit, double[] ndcg, double[] reciprocalRank) {
	}

	private static Scores evaluate(List<Film> films, Map<Integer, List<Integer>> pools, Variant variant,
			RecommendationProperties.Ranking ranking, RecommendationProperties.Hybrid hybrid,
			CataloguePriors.Popularity popularity) {
		Ranker ranker = new Ranker(withScale(ranking, variant.scale()), hybrid);
		List<Integer> queries = new ArrayList<>(pools.keySet());
		queries.sort(Integer::compare);
		double hits = 0;
		double[] ndcg = new double[queries.size()];
		double[] reciprocal = new double[queries.size()];
		for (int n = 0; n < queries.size(); n++) {
			int q = queries.get(n);
			Film query = films.get(q);
			List<Integer> top;
			if (variant.genresOnly()) {
				top = byGenres(films, q);
			}
			else {
				List<Candidate> candidates = new ArrayList<>();
				for (int i : pools.get(q)) {
					Film film = films.get(i);
					double dot = Ranker.dot(query.vector(), film.vector());
					candidates.add(new Candidate(i, dot, 1 - dot,
							variant.rawGenres() ? film.rawGenres() : film.genreKeys(), film.movie().rating(),
							film.movie().likeCount(), film.movie().downloadCount(), null, null));
				}
				top = ranker
					.rank(candidates, variant.rawGenres() ? query.rawGenres() : query.genreKeys(), variant.weights(),
							popularity, 0, K)
					.stream()
					.map((r) -> (int) r.candidate().movieId())
					.toList();
			}
			double dcg = 0;
			double firstHit = 0;
			for (int k = 0; k < top.size(); k++) {
				if (query.related().contains(top.get(k))) {
					if (firstHit == 0) {
						firstHit = 1.0 / (k + 1);
					}
					dcg += 1 / log2(k + 2);
				}
			}
			double ideal = 0;
			for (int k = 0; k < Math.min(K, query.related().size()); k++) {
				ideal += 1 / log2(k + 2);
			}
			hits += firstHit > 0 ? 1 : 0;
			ndcg[n] = dcg / ideal;
			reciprocal[n] = firstHit;
		}
		return new Scores(hits / queries.size(), ndcg, reciprocal);
	}

	/**
	 * The mean per-query difference from the baseline, a 95% bootstrap interval of it
	 * (2,000 resamples of the queries, fixed seed), and how many queries got better or
	 * worse: a margin is clear when the interval stays above 0.
	 */
	static String compare(double[] scores, double[] baseline) {
		int n = scores.length;
		double[] diff = new double[n];
		int better = 0;
		int worse = 0;
		for (int i = 0; i < n; i++) {
			diff[i] = scores[i] - baseline[i];
			better += diff[i] > 1e-12 ? 1 : 0;
			worse += diff[i] < -1e-12 ? 1 : 0;
		}
		Random random = new Random(7);
		double[] means = new double[2000];
		for (int b = 0; b < means.length; b++) {
			double sum = 0;
			for (int i = 0; i < n; i++) {
				sum += diff[random.nextInt(n)];
			}
			means[b] = sum / n;
		}
		java.util.Arrays.sort(means);
		return String.format(Locale.ROOT, "%+.3f [%+.3f, %+.3f]  %d/%d", mean(diff), means[49], means[1949], better,
				worse);
	}

	static double mean(double[] values) {
		double sum = 0;
		for (double value : values) {
			sum += value;
		}
		return values.length == 0 ? 0 : sum / values.length;
	}

	private static RecommendationProperties.Ranking withScale(RecommendationProperties.Ranking r, PoolScale scale) {
		return new RecommendationProperties.Ranking(r.similarity(), r.genreOverlap(), r.popularity(), r.rating(),
				r.priorVotes(), r.priorRating(), r.candidatePoolSize(), r.defaultDiversity(), r.strategy(),
				r.priorsMaxAge(), scale);
	}

	private static RankingWeights without(RankingWeights w, int part) {
		return new RankingWeights(w.similarity(), part == 1 ? 0 : w.genreOverlap(), part == 2 ? 0 : w.popularity(),
				part == 3 ? 0 : w.rating());
	}

	private static String name(PoolScale scale) {
		return switch (scale) {
			case NONE -> "raw cosine";
			case MIN_MAX -> "min-max in pool";
			case RANK -> "rank in pool";
		};
	}

	private static String describe(RankingWeights w) {
		return String.format(Locale.ROOT, "%.2f/%.2f/%.2f/%.2f", w.similarity(), w.genreOverlap(), w.popularity(),
				w.rating());
	}

	/**
	 * The service's candidates: the 100 nearest by vector, which each variant re-ranks.
	 */
	private static List<Integer> pool(List<Film> films, int q) {
		Film query = films.get(q);
		List<Integer> others = new ArrayList<>(films.size());
		double[] dots = new double[films.size()];
		for (int i = 0; i < films.size(); i++) {
			if (i != q) {
				dots[i] = Ranker.dot(query.vector(), films.get(i).vector());
				others.add(i);
			}
		}
		others.sort(Comparator.comparingDouble((Integer i) -> -dots[i]));
		return List.copyOf(others.subList(0, Math.min(POOL, others.size())));
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
		// -Dbench.judgements.pass=1 or 2: only the first pass's judged films (78) or only
		// the second's (102), to check that neither alone decides the comparison
		int onlyPass = Integer.getInteger("bench.judgements.pass", 0);
		int pass = 1;
		try (InputStream in = RelevanceBench.class.getResourceAsStream("/relevance/sample-judgements.tsv")) {
			for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
				if (line.startsWith("# Added for issue 11's second pass")) {
					pass = 2;
				}
				if (line.isBlank() || line.startsWith("#") || (onlyPass != 0 && pass != onlyPass)) {
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
		return new Film(movie, GenreVocabulary.keys(movie.genres()), SearchOptions.genreKeys(movie.genres()), related,
				null);
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
			embedded.add(new Film(f.movie(), f.genreKeys(), f.rawGenres(), f.related(), vectors.get(i)));
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

	/**
	 * The genre vocabulary as the service's {@code genre_keys()} applies it, read from
	 * the migration that defines it ({@code V22__genre_vocabulary.sql}; the bench has no
	 * database, the service reads the same rows from it), so the bench
	 * compares genres exactly as the stored {@code movies.genre_keys} do: an alias (lower
	 * case, no accents, letters and digits only) maps to its canonical keys, any other
	 * name keeps its lower-case self.
	 */
	static final class GenreVocabulary {

		private static final Map<String, List<String>> ALIASES = read();

		private GenreVocabulary() {
		}

		static List<String> keys(List<String> genres) {
			Set<String> keys = new LinkedHashSet<>();
			for (String genre : genres == null ? List.<String>of() : genres) {
				if (genre == null || genre.isBlank()) {
					continue;
				}
				List<String> canonical = ALIASES.get(alias(genre));
				if (canonical == null) {
					keys.add(genre.strip().toLowerCase(Locale.ROOT));
				}
				else {
					keys.addAll(canonical);
				}
			}
			return List.copyOf(keys);
		}

		static String alias(String genre) {
			return CataloguePriors.alias(genre);
		}

		private static Map<String, List<String>> read() {
			try (InputStream in = RelevanceBench.class.getResourceAsStream("/db/migration/V22__genre_vocabulary.sql")) {
				String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
				Matcher row = Pattern.compile("\\('([a-z0-9]+)', '([a-z-]+)', '[^']+'\\)").matcher(sql);
				Map<String, List<String>> aliases = new HashMap<>();
				while (row.find()) {
					aliases.computeIfAbsent(row.group(1), (k) -> new ArrayList<>()).add(row.group(2));
				}
				if (aliases.size() < 40) {
					throw new IllegalStateException("Genre vocabulary not found in V22__genre_vocabulary.sql");
				}
				return aliases;
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
