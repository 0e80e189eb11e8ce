package dev.movies.movie;

/**
 * Published after an import changed the catalogue (movies inserted or updated), so what
 * is derived from the whole catalogue (the popularity normaliser of the ranking) is
 * recomputed.
 */
public record CatalogueChangedEvent(long inserted, long updated) {
}
