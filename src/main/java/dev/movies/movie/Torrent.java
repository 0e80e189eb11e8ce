package dev.movies.movie;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One YTS torrent of a movie, with the YTS field names and types (YTS writes
 * {@code is_repack}, {@code bit_depth} and {@code audio_channels} as strings). Unknown
 * fields are dropped.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Torrent(String url, String hash, String quality, String type, String isRepack, String videoCodec,
		String bitDepth, String audioChannels, Integer seeds, Integer peers, String size, Long sizeBytes,
		String dateUploaded, Long dateUploadedUnix) {
}
