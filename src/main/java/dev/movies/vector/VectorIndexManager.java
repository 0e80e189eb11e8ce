package dev.movies.vector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Keeps the configured vector index on {@code movie_embeddings.embedding}. One index
 * serves every metric: stored vectors are unit length, so cosine, L2 and inner-product
 * order alike and searches order by {@code <#>}; the index uses the inner-product
 * operator class of the column's storage ({@code vector_ip_ops} or
 * {@code halfvec_ip_ops}), the cheapest of the three.
 * <ul>
 * <li>At start-up, in the background, the configured index is created when missing
 * ({@link VectorColumnGuard} drops it when the column's type changes).</li>
 * <li>{@link #rebuild()} builds a fresh one concurrently and swaps it in (admin).</li>
 * <li>IVFFlat is never built on fewer than {@code ivfflat-min-rows} vectors: its lists
 * would be trained on too little data. The index in place, if any, stays; otherwise
 * searches are exact.</li>
 * </ul>
 */
@Component
public class VectorIndexManager {

	private static final Logger log = LoggerFactory.getLogger(VectorIndexManager.class);

	private final VectorIndexRepository repository;

	private final IndexSettings config;

	private final String opclass;

	/** The lists of the IVFFlat index in place, for {@code probes = sqrt(lists)}. */
	private volatile int ivfflatLists;

	VectorIndexManager(VectorIndexRepository repository, IndexSettings config, VectorColumn column) {
		this.repository = repository;
		this.config = config;
		this.opclass = column.storage().opclass();
	}

	@EventListener(ApplicationReadyEvent.class)
	void ensureInBackground() {
		if (this.config.createOnStartup()) {
			// a build over a large table takes minutes: the service serves (exact)
			// searches meanwhile
			Thread.ofVirtual().name("vector-index").start(() -> {
				try {
					ensureConfiguredIndex();
				}
				catch (RuntimeException ex) {
					log.error("Could not create the vector index; searches stay exact until it exists", ex);
				}
			});
		}
	}

	/**
	 * Creates the configured index if it is missing; waits while another instance builds.
	 */
	public IndexReport ensureConfiguredIndex() {
		return this.repository.withBuildLock(true, () -> {
			dropInvalidLeftovers();
			String name = indexName(this.config.type());
			for (VectorIndex index : this.repository.indexes()) {
				if (index.valid() && index.name().equals(name) && index.opclass().equals(this.opclass)) {
					remember(index);
					return IndexReport.present(index, this.repository.countVectors());
				}
			}
			IndexReport report = build();
			log.info("Vector index: {}", report.detail());
			return report;
		}).orElseThrow();
	}

	/**
	 * Builds the configured index afresh and swaps it in; 409 while another build runs.
	 */
	public IndexReport rebuild() {
		return this.repository.withBuildLock(false, () -> {
			dropInvalidLeftovers();
			IndexReport report = build();
			log.info("Vector index rebuilt: {}", report.detail());
			return report;
		}).orElseThrow(() -> {
			ErrorResponseException busy = new ErrorResponseException(HttpStatus.CONFLICT);
			busy.getBody().setTitle("Index build in progress");
			busy.getBody().setDetail("Another vector index build is running; try again when it has finished");
			return busy;
		});
	}

	public List<VectorIndex> indexes() {
		return this.repository.indexes();
	}

	/**
	 * {@code ivfflat.probes} for queries: configured, or sqrt(lists) of the index in
	 * place.
	 */
	public int probes() {
		if (this.config.probes() > 0) {
			return this.config.probes();
		}
		return Math.max(1, (int) Math.ceil(Math.sqrt(this.ivfflatLists)));
	}

	private IndexReport build() {
		long vectors = this.repository.countVectors();
		IndexType type = this.config.type();
		Map<String, Integer> parameters = new LinkedHashMap<>();
		if (type == IndexType.HNSW) {
			parameters.put("m", this.config.m());
			parameters.put("ef_construction", this.config.efConstruction());
		}
		else {
			if (vectors < this.config.ivfflatMinRows()) {
				return IndexReport.skipped(type, this.opclass, vectors,
						"IVFFlat is not built on %d vectors (fewer than %d): its lists ".formatted(vectors,
								this.config.ivfflatMinRows())
								+ "would be trained on too little data; the index in place (if any) stays, rebuild after the backfill");
			}
			parameters.put("lists", this.config.lists() > 0 ? this.config.lists() : ivfflatLists(vectors));
		}
		String name = indexName(type);
		String building = name + "_new";
		String storage = String.join(", ",
				parameters.entrySet().stream().map((e) -> e.getKey() + " = " + e.getValue()).toList());
		this.repository.dropConcurrently(building); // a leftover of a build killed before
													// its swap
		long started = System.nanoTime();
		try {
			this.repository.createConcurrently(building, type.name().toLowerCase(Locale.ROOT), this.opclass, storage,
					this.config.buildMemory());
		}
		catch (RuntimeException ex) {
			this.repository.dropConcurrently(building);
			throw ex;
		}
		List<String> replaced = new ArrayList<>();
		for (VectorIndex index : this.repository.indexes()) {
			if (!index.name().equals(building)) {
				replaced.add(index.name());
			}
		}
		this.repository.replace(building, name, replaced);
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		if (type == IndexType.IVFFLAT) {
			this.ivfflatLists = parameters.get("lists");
		}
		return IndexReport.built(name, type, this.opclass, parameters, vectors, took, this.repository.sizeBytes(name),
				replaced);
	}

	private void dropInvalidLeftovers() {
		for (VectorIndex index : this.repository.indexes()) {
			if (!index.valid()) {
				log.warn("Dropping the invalid vector index {} left by an interrupted build", index.name());
				this.repository.dropConcurrently(index.name());
			}
		}
	}

	private void remember(VectorIndex index) {
		if (index.method().equals("ivfflat")) {
			index.options()
				.stream()
				.filter((option) -> option.startsWith("lists="))
				.findFirst()
				.ifPresent((option) -> this.ivfflatLists = Integer.parseInt(option.substring("lists=".length())));
		}
	}

	/** pgvector's advice: rows / 1000 up to a million rows, sqrt(rows) beyond. */
	static int ivfflatLists(long rows) {
		if (rows <= 1_000_000) {
			return (int) Math.max(1, rows / 1000);
		}
		return (int) Math.sqrt(rows);
	}

	static String indexName(IndexType type) {
		return "movie_embeddings_embedding_" + type.name().toLowerCase(Locale.ROOT);
	}

}
