package dev.movies.recommendation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.springframework.core.io.ClassPathResource;

/**
 * The judged free-text queries of {@code relevance/text-queries.tsv} over the sample
 * catalogue, and what a ranking of them scores: for a plot paraphrase whether the
 * described film comes first, how many of the vector ranking's top 10 the hybrid ranking
 * keeps, and nDCG@10 against the judged films of every query.
 */
final class JudgedTextQueries {

	static final int K = 10;

	/** A judged query: its kind ({@code plot} or {@code name}) and its relevant films. */
	record Query(String kind, String text, List<String> relevant) {

		boolean plot() {
			return "plot".equals(this.kind);
		}

	}

	/** How one ranking did on one query. */
	record Outcome(Query query, List<String> titles, List<String> vectorTitles) {

		boolean intendedFirst() {
			return !this.titles.isEmpty() && this.titles.getFirst().equals(this.query.relevant().getFirst());
		}

		/** How many of the vector ranking's top 10 are in this ranking's top 10. */
		int keptFromVectors() {
			return (int) this.vectorTitles.stream().filter(this.titles::contains).count();
		}

		double ndcg() {
			double dcg = 0;
			for (int k = 0; k < Math.min(K, this.titles.size()); k++) {
				dcg += this.query.relevant().contains(this.titles.get(k)) ? 1 / log2(k + 2) : 0;
			}
			double ideal = 0;
			for (int k = 0; k < Math.min(K, this.query.relevant().size()); k++) {
				ideal += 1 / log2(k + 2);
			}
			return dcg / ideal;
		}

	}

	private JudgedTextQueries() {
	}

	static List<Query> load() throws IOException {
		List<Query> queries = new ArrayList<>();
		try (InputStream in = new ClassPathResource("relevance/text-queries.tsv").getInputStream()) {
			for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
				if (line.isBlank() || line.startsWith("#")) {
					continue;
				}
				String[] columns = line.split("\t");
				queries.add(new Query(columns[0].strip(), columns[1].strip(),
						List.of(columns[2].strip().split("\\s*;\\s*"))));
			}
		}
		return queries;
	}

	/**
	 * Each query ranked by {@code ranking} (top 10 titles) beside the vector ranking's
	 * top 10.
	 */
	static List<Outcome> evaluate(List<Query> queries, Function<String, List<String>> ranking,
			Function<String, List<String>> vectors) {
		return queries.stream().map((q) -> new Outcome(q, ranking.apply(q.text()), vectors.apply(q.text()))).toList();
	}

	/** One line of figures per kind of query, and the queries that lost their film. */
	static String report(String name, List<Outcome> outcomes) {
		StringBuilder report = new StringBuilder();
		for (String kind : List.of("plot", "name")) {
			List<Outcome> of = outcomes.stream().filter((o) -> o.query().kind().equals(kind)).toList();
			report.append(String.format(Locale.ROOT,
					"%-28s %-5s %2d queries: described film first %2d, nDCG@10 %.3f, vector top 10 kept %.1f / 10%n",
					name, kind, of.size(), of.stream().filter(Outcome::intendedFirst).count(),
					of.stream().mapToDouble(Outcome::ndcg).average().orElse(0),
					of.stream().mapToInt(Outcome::keptFromVectors).average().orElse(0)));
		}
		for (Outcome o : outcomes) {
			report.append(String.format(Locale.ROOT, "    %-5s nDCG %.2f kept %2d  %-45.45s %s%n", o.query().kind(),
					o.ndcg(), o.keptFromVectors(), o.query().text(), o.titles()));
		}
		return report.toString();
	}

	private static double log2(double x) {
		return Math.log(x) / Math.log(2);
	}

}
