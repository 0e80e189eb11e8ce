package dev.movies.embedding;

import java.util.List;

import com.pgvector.PGvector;
import dev.movies.IntegrationTest;
import dev.movies.TestData;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-process model on a small catalogue: meaning, not words, finds the film. */
@IntegrationTest
class EmbeddingSemanticsTests {

	@Autowired
	TestData data;

	@Autowired
	EmbeddingJobService jobs;

	@Autowired
	EmbeddingModel model;

	@Autowired
	JdbcClient jdbc;

	@Test
	void dreamHeistQueryFindsInception() {
		this.data.reset();
		String[][] films = { { "Inception", "2010", "Action,Sci-Fi",
				"A skilled extractor infiltrates people's subconscious minds while they sleep to take their secrets, and is hired to plant an idea instead." },
				{ "The Godfather", "1972", "Crime,Drama",
						"The ageing patriarch of a New York crime family hands control of his empire to his reluctant youngest son." },
				{ "Titanic", "1997", "Drama,Romance",
						"A poor artist and a young aristocrat fall in love aboard a luxury liner on its doomed maiden voyage." },
				{ "Jurassic Park", "1993", "Adventure,Sci-Fi",
						"Cloned dinosaurs escape their enclosures on an island theme park and hunt the visitors." },
				{ "The Lion King", "1994", "Animation,Family",
						"A young lion prince flees his kingdom after his father's death and returns to reclaim the throne." },
				{ "Toy Story", "1995", "Animation,Comedy",
						"A cowboy doll feels threatened when a space ranger action figure becomes the boy's favourite toy." },
				{ "Heat", "1995", "Crime,Thriller",
						"A seasoned detective pursues a meticulous crew of bank robbers through Los Angeles." },
				{ "Alien", "1979", "Horror,Sci-Fi",
						"The crew of a commercial spaceship is stalked by a deadly creature after answering a distress call." },
				{ "Finding Nemo", "2003", "Animation,Family",
						"A timid clownfish crosses the ocean to rescue his son, who was taken by a diver." },
				{ "The Shawshank Redemption", "1994", "Drama",
						"A banker wrongly convicted of murder forms a lasting friendship in prison and plans his escape." },
				{ "Gladiator", "2000", "Action,Drama",
						"A betrayed Roman general is sold into slavery and fights in the arena to avenge his family." },
				{ "The Notebook", "2004", "Romance,Drama",
						"An old man reads a love story from a faded notebook to a woman with dementia." },
				{ "Jaws", "1975", "Thriller",
						"A police chief, a scientist and a fisherman hunt a great white shark terrorising a beach town." },
				{ "Up", "2009", "Animation,Adventure",
						"A widowed balloon seller ties thousands of balloons to his house and flies to South America." },
				{ "The Matrix", "1999", "Action,Sci-Fi",
						"A hacker learns that reality is a simulation run by machines and joins the rebellion against them." },
				{ "Rocky", "1976", "Drama,Sport",
						"A small-time boxer from Philadelphia gets a once-in-a-lifetime shot at the heavyweight title." },
				{ "Frozen", "2013", "Animation,Musical",
						"A princess sets out to find her sister, whose icy powers have trapped the kingdom in eternal winter." },
				{ "Casablanca", "1942", "Romance,War",
						"A nightclub owner in wartime Morocco must choose between his old love and helping her husband escape." },
				{ "The Exorcist", "1973", "Horror", "Two priests try to save a young girl possessed by a demon." },
				{ "Mad Max: Fury Road", "2015", "Action",
						"In a desert wasteland a drifter and a rebel warrior flee a tyrant in an armoured war rig." },
				{ "Ocean's Eleven", "2001", "Crime,Comedy",
						"A charming con man gathers a crew to rob three Las Vegas casinos on the same night." },
				{ "Interstellar", "2014", "Sci-Fi,Drama",
						"Astronauts travel through a wormhole to find a new home for humanity as Earth fails." },
				{ "The Social Network", "2010", "Drama",
						"A Harvard student creates a social networking site and is sued by his former friends." },
				{ "Paddington", "2014", "Family,Comedy",
						"A polite bear from Peru arrives in London and is taken in by a family." },
				{ "Memento", "2000", "Mystery,Thriller",
						"A man who cannot form new memories uses notes and tattoos to hunt his wife's killer." } };
		for (int i = 0; i < films.length; i++) {
			this.data.insertMovie(i + 1, films[i][0], Integer.parseInt(films[i][1]), 7.5,
					List.of(films[i][2].split(",")), films[i][3]);
		}

		assertThat(Backfills.run(this.jobs, false).succeeded()).isEqualTo(films.length);

		List<String> nearest = this.jdbc.sql("""
				SELECT m.title FROM movie_embeddings e JOIN movies m ON m.id = e.movie_id
				ORDER BY e.embedding <=> :query LIMIT 3
				""")
			.param("query", new PGvector(this.model.embedQuery("a thief who steals secrets by entering dreams")))
			.query(String.class)
			.list();
		assertThat(nearest).contains("Inception");
	}

	@Test
	void inProcessModelGivesUnitVectorsOf384Values() {
		float[] vector = this.model.embedQuery("a heist movie");

		double norm = 0;
		for (float value : vector) {
			norm += value * value;
		}
		assertThat(vector).hasSize(384);
		assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
		assertThat(this.model.name()).isEqualTo("all-minilm-l6-v2-q");
	}

}
