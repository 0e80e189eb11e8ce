package dev.movies.movie;

import java.io.IOException;
import java.io.InputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Loads the bundled sample catalogue at startup when {@code LOAD_SAMPLE_CATALOG=true} and
 * the catalogue is empty (the Compose demo starts with something to recommend). It goes
 * through the same import as {@code PUT /api/movies}; instances starting together at most
 * upsert the same rows.
 */
@Component
class SampleCatalogLoader implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(SampleCatalogLoader.class);

	private final CatalogueProperties properties;

	private final MovieRepository movies;

	private final MovieImportService imports;

	SampleCatalogLoader(CatalogueProperties properties, MovieRepository movies, MovieImportService imports) {
		this.properties = properties;
		this.movies = movies;
		this.imports = imports;
	}

	@Override
	public void run(ApplicationArguments args) throws IOException {
		if (this.properties.loadSampleCatalog() && this.movies.count() == 0) {
			load();
		}
	}

	ImportResult load() throws IOException {
		try (InputStream in = this.properties.sampleCatalog().getInputStream()) {
			ImportResult result = this.imports.importJson(in, -1);
			log.info("Loaded the sample catalogue {}: {} inserted, {} rejected",
					this.properties.sampleCatalog().getDescription(), result.inserted(), result.rejectedCount());
			return result;
		}
	}

}
