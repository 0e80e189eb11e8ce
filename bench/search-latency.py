#!/usr/bin/env python3
"""Times GET /api/search against a running service: titles of the Wikipedia films (exact, with a
typo, a word of them), words of their plots and names of their cast, sequential requests, and prints
p50/p95/p99 per kind and overall. Load the films first with bench/import-wikipedia.sh.

Usage: bench/search-latency.py DATASET_DIR [requests=600]   (env: BASE_URL, default http://localhost:8081)
The data set is prust/wikipedia-movie-data (https://github.com/prust/wikipedia-movie-data); it is
never copied into the project. Queries are drawn with a fixed seed, so runs are comparable.
"""
import glob
import json
import os
import random
import statistics
import sys
import time
import urllib.parse
import urllib.request


def films(folder):
    for path in sorted(glob.glob(os.path.join(folder, "movies-*.json"))):
        with open(path, encoding="utf-8") as f:
            yield from json.load(f)


def typo(text, rng):
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    if len(letters) < 4:
        return text
    i = rng.choice(letters[1:-1])
    return text[:i] + text[i + 1] + text[i] + text[i + 2:]


def queries(folder, count, rng):
    data = [f for f in films(folder) if f.get("title")]
    plots = [w for f in rng.sample(data, 2000) for w in (f.get("extract") or "").split()
             if w.isalpha() and len(w) > 6]
    cast = [name for f in data for name in f.get("cast") or [] if " " in name]
    kinds = {
        "title": lambda: rng.choice(data)["title"],
        "title with a typo": lambda: typo(rng.choice(data)["title"], rng),
        "word of a title": lambda: max(rng.choice(data)["title"].split(), key=len),
        "word of a plot": lambda: rng.choice(plots),
        "cast member": lambda: rng.choice(cast),
    }
    names = list(kinds)
    return [(names[i % len(names)], kinds[names[i % len(names)]]()) for i in range(count)]


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    folder = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 600
    base = os.environ.get("BASE_URL", "http://localhost:8081")
    rng = random.Random(42)
    plan = queries(folder, count, rng)
    for _, q in plan[:30]:  # warm-up: JIT, connection pool, PostgreSQL's caches
        urllib.request.urlopen(base + "/api/search?" + urllib.parse.urlencode({"query": q})).read()
    timings, found = {}, {}
    for kind, q in plan:
        url = base + "/api/search?" + urllib.parse.urlencode({"query": q, "limit": 10})
        start = time.perf_counter()
        with urllib.request.urlopen(url) as answer:
            body = answer.read()
        timings.setdefault(kind, []).append((time.perf_counter() - start) * 1000)
        found.setdefault(kind, []).append(json.loads(body)["total"] > 0)
    # The floor on this machine at this moment: the same requests' cost without the search, a movie by id.
    floor = []
    for _ in range(60):
        start = time.perf_counter()
        urllib.request.urlopen(base + "/api/movies/1").read()
        floor.append((time.perf_counter() - start) * 1000)
    print("%-20s %6s %8s %8s %8s %8s" % ("queries", "count", "p50 ms", "p95 ms", "p99 ms", "found"))
    print("%-20s %6d %8.1f %8.1f %8.1f" % ("(GET /api/movies/1)", len(floor), statistics.median(floor),
          percentile(floor, 95), percentile(floor, 99)))
    everything = []
    for kind, values in timings.items():
        everything += values
        print("%-20s %6d %8.1f %8.1f %8.1f %7.0f%%" % (kind, len(values), statistics.median(values),
              percentile(values, 95), percentile(values, 99), 100 * sum(found[kind]) / len(found[kind])))
    print("%-20s %6d %8.1f %8.1f %8.1f" % ("all", len(everything), statistics.median(everything),
          percentile(everything, 95), percentile(everything, 99)))


if __name__ == "__main__":
    main()
