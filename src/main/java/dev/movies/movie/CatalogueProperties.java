package dev.movies.movie;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the catalogue: imports, the sample catalogue and the list rankings.
 * Settings with an environment name get their default in application.yml, the others
 * here.
 *
 * @param maxBodySize the largest JSON document {@code PUT /api/movies} accepts; a
 * document is parsed whole before anything is written, so this bounds the memory one
 * request may take ({@code CATALOG_MAX_BODY_SIZE})
 * @param maxStreamSize the largest NDJSON stream; NDJSON is read line by line, so this
 * only bounds how long one request may run ({@code CATALOG_MAX_STREAM_SIZE})
 * @param maxRecordSize the longest single NDJSON line; a longer line is rejected as a
 * record
 * @param chunkSize how many valid records are staged and upserted per transaction
 * ({@code CATALOG_IMPORT_CHUNK_SIZE})
 * @param maxListedRejections how many rejected records an import answer lists one by one
 * (all are counted in {@code rejected_count}), so a stream of garbage cannot exhaust the
 * memory
 * @param loadSampleCatalog load {@link #sampleCatalog} at startup when the catalogue is
 * empty ({@code LOAD_SAMPLE_CATALOG})
 * @param sampleCatalog the bundled sample catalogue, a JSON array of movies
 * @param trendingHalfLife after this long since upload (or release) a movie's popularity
 * counts half as much for {@code /api/trending} ({@code TRENDING_HALF_LIFE})
 * @param trendingDownloadsPerLike how many downloads weigh as much as one like for
 * trending (the bundled catalogue has a median of 19 downloads per like, so both signals
 * count about equally)
 * @param genrePriorVotes the {@code m} of the Bayesian weighted rating that orders genre
 * lists
 * @param searchTextPool the most description and cast matches one search ranks: ranking
 * reads each match's whole document, so this bounds the work of a query made of common
 * words
 * @param searchTitlePool the most title matches one search ranks (exact titles always
 * join them): a common word or a few typed letters match a large share of the titles
 */
@Validated
@ConfigurationProperties("movies.catalog")
public record CatalogueProperties(@NotNull DataSize maxBodySize, @NotNull DataSize maxStreamSize,
		@DefaultValue("1MB") @NotNull DataSize maxRecordSize, @Min(1) int chunkSize,
		@DefaultValue("1000") @Min(0) int maxListedRejections, boolean loadSampleCatalog,
		@DefaultValue("classpath:catalog/sample-movies.json") @NotNull Resource sampleCatalog,
		@NotNull Duration trendingHalfLife, @DefaultValue("20") @Min(1) int trendingDownloadsPerLike,
		@DefaultValue("100") @Min(0) int genrePriorVotes, @DefaultValue("300") @Min(1) int searchTextPool,
		@DefaultValue("1000") @Min(1) int searchTitlePool) {

}
