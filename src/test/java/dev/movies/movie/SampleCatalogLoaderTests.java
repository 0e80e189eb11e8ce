package dev.movies.movie;

import java.time.Duration;
import java.util.List;

import dev.movies.IntegrationTest;
import dev.movies.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class SampleCatalogLoaderTests {

	private static final String SAMPLE = """
			[{"external_id": 1, "title": "Heat", "year": 1995}, {"external_id": 2, "title": "Alien", "year": 1979}]
			""";

	@Autowired
	TestData data;

	@Autowired
	MovieRepository movies;

	@Autowired
	MovieImportService imports;

	@Autowired
	CatalogueProperties properties;

	@BeforeEach
	void setUp() {
		this.data.reset();
	}

	@Test
	void loadsTheSampleIntoAnEmptyCatalogueWhenEnabled() throws Exception {
		loader(true).run(new DefaultApplicationArguments());

		assertThat(this.movies.count()).isEqualTo(2);
	}

	@Test
	void leavesACatalogueThatHasMoviesAlone() throws Exception {
		this.data.insertMovie(99, "Inception", 2010, 8.8, List.of("Sci-Fi"), "Dreams.");

		loader(true).run(new DefaultApplicationArguments());

		assertThat(this.movies.count()).isEqualTo(1);
	}

	@Test
	void isOffUnlessLoadSampleCatalogIsSet() throws Exception {
		assertThat(this.properties.loadSampleCatalog()).isFalse();

		loader(false).run(new DefaultApplicationArguments());

		assertThat(this.movies.count()).isZero();
	}

	private SampleCatalogLoader loader(boolean enabled) {
		CatalogueProperties properties = new CatalogueProperties(DataSize.ofMegabytes(1), DataSize.ofMegabytes(1),
				DataSize.ofMegabytes(1), 100, 10, enabled, new ByteArrayResource(SAMPLE.getBytes()),
				Duration.ofDays(365), 100, 100, 300, 1000);
		return new SampleCatalogLoader(properties, this.movies, this.imports);
	}

}
