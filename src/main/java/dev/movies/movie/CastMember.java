package dev.movies.movie;

/** One credited actor, as YTS lists them. */
public record CastMember(String name, String characterName, String imdbCode, String urlSmallImage) {
}
