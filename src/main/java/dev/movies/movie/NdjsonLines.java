package dev.movies.movie;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Reads an NDJSON stream one line at a time as raw UTF-8 bytes (Jackson parses bytes
 * directly), holding at most one line and one read buffer in memory. A line longer than
 * the record limit is skipped and reported as such; more bytes in all than the stream
 * limit end the read with {@link ImportTooLargeException}.
 */
final class NdjsonLines {

	private static final int BUFFER_SIZE = 64 * 1024;

	private final InputStream in;

	private final int maxLineBytes;

	private final long maxTotalBytes;

	private final byte[] buffer = new byte[BUFFER_SIZE];

	private int position;

	private int limit;

	private long total;

	private byte[] line = new byte[1024];

	private int length;

	private boolean tooLong;

	NdjsonLines(InputStream in, long maxLineBytes, long maxTotalBytes) {
		this.in = in;
		this.maxLineBytes = (int) Math.min(maxLineBytes, Integer.MAX_VALUE - 8);
		this.maxTotalBytes = maxTotalBytes;
	}

	/** Advances to the next line; {@code false} at the end of the stream. */
	boolean next() {
		this.length = 0;
		this.tooLong = false;
		boolean any = false;
		while (fill()) {
			any = true;
			int start = this.position;
			int end = start;
			while (end < this.limit && this.buffer[end] != '\n') {
				end++;
			}
			append(start, end - start);
			this.position = end;
			if (end < this.limit) {
				this.position++;
				break;
			}
		}
		if (this.length > 0 && this.line[this.length - 1] == '\r') {
			this.length--;
		}
		return any;
	}

	byte[] bytes() {
		return this.line;
	}

	int length() {
		return this.length;
	}

	/** Whether the line was longer than allowed (its bytes are then not kept). */
	boolean tooLong() {
		return this.tooLong;
	}

	boolean isBlank() {
		for (int i = 0; i < this.length; i++) {
			byte b = this.line[i];
			if (b != ' ' && b != '\t' && b != '\r') {
				return false;
			}
		}
		return !this.tooLong;
	}

	private void append(int from, int count) {
		if (this.tooLong) {
			return;
		}
		if ((long) this.length + count > this.maxLineBytes) {
			this.tooLong = true;
			this.length = 0;
			return;
		}
		if (this.length + count > this.line.length) {
			this.line = Arrays.copyOf(this.line,
					Math.min(this.maxLineBytes, Math.max(this.length + count, this.line.length * 2)));
		}
		System.arraycopy(this.buffer, from, this.line, this.length, count);
		this.length += count;
	}

	private boolean fill() {
		if (this.position < this.limit) {
			return true;
		}
		try {
			int read = this.in.read(this.buffer);
			if (read <= 0) {
				return false;
			}
			this.total += read;
			if (this.total > this.maxTotalBytes) {
				throw new ImportTooLargeException(this.maxTotalBytes);
			}
			this.position = 0;
			this.limit = read;
			return true;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Reading the NDJSON stream failed", ex);
		}
	}

}
