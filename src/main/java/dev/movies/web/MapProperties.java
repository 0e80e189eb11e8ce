package dev.movies.web;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The catalogue map ({@code GET /api/map}).
 *
 * @param fitSample how many vectors, drawn uniformly, fit the projection's axes: the axes
 * of 10,000 movies are those of a million within noise, and the fit stays a fixed cost
 * however large the catalogue grows (every movie is still projected)
 * @param freshnessCheck how often a request may ask the database whether the catalogue or
 * its vectors changed since the map was computed
 * @param colouredGenres how many of the most frequent genres get a colour of their own;
 * the rest are drawn as "Other"
 */
@Validated
@ConfigurationProperties("movies.web.map")
record MapProperties(@DefaultValue("10000") @Min(100) @Max(1_000_000) int fitSample,
		@DefaultValue("2s") @NotNull Duration freshnessCheck, @DefaultValue("11") @Min(1) @Max(20) int colouredGenres) {
}
