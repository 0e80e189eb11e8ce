package dev.movies.embedding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.movies.embedding.EmbeddingJobRepository.Failure;
import dev.movies.embedding.EmbeddingJobRepository.PageMovie;
import dev.movies.movie.Movie;
import dev.movies.vector.MovieVectors;
import dev.movies.vector.NewVector;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * One claimed page of the backfill: reads its movies, embeds those whose vector is
 * missing or stale, and commits in one transaction what this instance still holds (a page
 * whose lease ran out belongs to another instance by now).
 */
final class PageProcessor {

	private static final Logger log = LoggerFactory.getLogger(PageProcessor.class);

	private final EmbeddingJobRepository repository;

	private final MovieVectors vectors;

	private final EmbeddingModel model;

	private final BatchEmbedder embedder;

	private final TransactionTemplate transaction;

	private final Counter succeeded;

	private final Counter skipped;

	private final Counter failed;

	private final Timer pages;

	PageProcessor(EmbeddingJobRepository repository, MovieVectors vectors, EmbeddingModel model, BatchEmbedder embedder,
			TransactionTemplate transaction, MeterRegistry meters) {
		this.repository = repository;
		this.vectors = vectors;
		this.model = model;
		this.embedder = embedder;
		this.transaction = transaction;
		this.succeeded = outcome(meters, "succeeded");
		this.skipped = outcome(meters, "skipped");
		this.failed = outcome(meters, "failed");
		this.pages = Timer.builder("movies.embedding.pages")
			.description("Backfill pages: read, embed, write, commit")
			.register(meters);
	}

	private static Counter outcome(MeterRegistry meters, String outcome) {
		return Counter.builder("movies.embedding.movies")
			.description("Movies the backfill handled, by outcome")
			.tag("outcome", outcome)
			.register(meters);
	}

	void process(long jobId, boolean force, UUID token, List<Long> movieIds, BatchEmbedder.RetryGate gate) {
		this.pages.record(() -> {
			List<PageMovie> page = this.repository.readPage(movieIds);
			Plan plan = Plan.of(this.model, force, page);
			BatchEmbedder.Result result = this.embedder.embed(plan.toEmbed(), (reason, pause) -> {
				log.warn("Embedding backfill #{}: {}", jobId, reason);
				gate.beforeRetry(reason, pause);
			});
			commit(jobId, token, plan, result);
			Map<Long, Movie> movies = page.stream()
				.map(PageMovie::movie)
				.collect(Collectors.toMap(Movie::id, Function.identity()));
			for (Failure failure : result.failures()) {
				Movie movie = movies.get(failure.movieId());
				log.warn("Embedding backfill #{}: movie {} (external id {}, \"{}\") failed: {}", jobId, movie.id(),
						movie.externalId(), movie.title(), failure.reason());
			}
		});
	}

	private void commit(long jobId, UUID token, Plan plan, BatchEmbedder.Result result) {
		this.transaction.executeWithoutResult((status) -> {
			this.repository.commitWithoutWaitingForDisk();
			Set<Long> stillMine = this.repository.completeClaim(token);
			List<NewVector> toStore = result.embedded()
				.stream()
				.filter((e) -> stillMine.contains(e.movieId()))
				.toList();
			List<Failure> toRecord = result.failures().stream().filter((f) -> stillMine.contains(f.movieId())).toList();
			int skippedHere = (int) plan.upToDate().stream().filter(stillMine::contains).count();
			this.vectors.save(this.model.name(), toStore);
			this.repository.clearFailures(toStore.stream().map(NewVector::movieId).toList());
			this.repository.saveFailures(jobId, this.model.name(), toRecord);
			this.repository.addProgress(jobId, toStore.size(), skippedHere, toRecord.size());
			this.succeeded.increment(toStore.size());
			this.skipped.increment(skippedHere);
			this.failed.increment(toRecord.size());
		});
	}

	/**
	 * Which movies of a page need a vector: a movie is up to date when it was embedded by
	 * this model from the same text (its hash covers the model, the prefix and the text),
	 * unless the backfill forces re-embedding.
	 */
	record Plan(List<BatchEmbedder.Input> toEmbed, List<Long> upToDate) {

		static Plan of(EmbeddingModel model, boolean force, List<PageMovie> page) {
			List<BatchEmbedder.Input> toEmbed = new ArrayList<>(page.size());
			List<Long> upToDate = new ArrayList<>();
			for (PageMovie candidate : page) {
				String text = DocumentText.of(candidate.movie());
				byte[] hash = DocumentText.hash(model.name(), model.documentPrefix(), text);
				if (!force && model.name().equals(candidate.embeddedModel())
						&& Arrays.equals(hash, candidate.textHash())) {
					upToDate.add(candidate.movie().id());
				}
				else {
					toEmbed.add(new BatchEmbedder.Input(candidate.movie().id(), text, hash));
				}
			}
			return new Plan(toEmbed, upToDate);
		}

	}

}
