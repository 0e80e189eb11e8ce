package dev.movies.vector;

/**
 * A movie's vector to store, with the hash of the text it was made from (the backfill
 * compares it to find stale vectors).
 */
public record NewVector(long movieId, float[] vector, byte[] textHash) {
}
