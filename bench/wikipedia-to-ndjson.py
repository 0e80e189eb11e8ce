#!/usr/bin/env python3
"""Converts prust/wikipedia-movie-data (movies-*.json, one JSON array per decade) to NDJSON movies
for PUT /api/movies.

external_id: the first 52 bits of SHA-1 over "href|year|title", offset by 10^15 so that it cannot
collide with YTS ids. It is stable across runs, file orders and new releases of the data set (a
position in the sorted data would shift whenever a film is added). Exact duplicate entries get the
same id and the service rejects the later copy as a duplicate in the request.

Usage: wikipedia-to-ndjson.py DATASET_DIR > movies.ndjson   (prints a summary on stderr)
"""
import glob
import hashlib
import json
import os
import sys


def external_id(film):
    key = "%s|%s|%s" % (film.get("href") or "", film.get("year"), film.get("title"))
    return 10**15 + (int.from_bytes(hashlib.sha1(key.encode("utf-8")).digest()[:8], "big") >> 12)


def convert(film):
    extract = (film.get("extract") or "").strip() or None
    return {
        "external_id": external_id(film),
        "title": film.get("title"),
        "year": film.get("year"),
        "genres": film.get("genres") or [],
        "description_full": extract,
        "language": "en",  # American films: an assumption, the data set has no language
        "medium_cover_image": film.get("thumbnail"),
        "cast": [{"name": name} for name in film.get("cast") or [] if name and name.strip(" ()")],
    }


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    folder = sys.argv[1]
    files = sorted(glob.glob(os.path.join(folder, "movies-*.json")))
    if not files:
        sys.exit("no movies-*.json in " + folder)
    count = 0
    out = sys.stdout
    for path in files:
        with open(path, encoding="utf-8") as f:
            for film in json.load(f):
                out.write(json.dumps(convert(film), ensure_ascii=False, separators=(",", ":")))
                out.write("\n")
                count += 1
    print("converted %d films from %d files" % (count, len(files)), file=sys.stderr)


if __name__ == "__main__":
    main()
