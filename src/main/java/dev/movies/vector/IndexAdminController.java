package dev.movies.vector;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin view and rebuild of the vector index (the admin key is checked by the system
 * filter).
 */
@RestController
@RequestMapping("/api/admin/index")
class IndexAdminController {

	private final VectorIndexManager indexes;

	IndexAdminController(VectorIndexManager indexes) {
		this.indexes = indexes;
	}

	@GetMapping
	List<VectorIndex> indexes() {
		return this.indexes.indexes();
	}

	/**
	 * Builds the configured index concurrently, swaps it in, and says what it built and
	 * how long it took.
	 */
	@PostMapping("/rebuild")
	IndexReport rebuild() {
		return this.indexes.rebuild();
	}

}
