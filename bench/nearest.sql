-- pgbench script: the nearest-neighbour query of GET /api/recommendations/movie/{id} with the service's
-- default settings (limit 10, blended ranking over 100 candidates), for a random movie.
\set id random(1, 100000)
BEGIN;
SELECT set_config('hnsw.ef_search', '100', true), set_config('hnsw.iterative_scan', 'relaxed_order', true),
       set_config('hnsw.max_scan_tuples', '20000', true), set_config('ivfflat.probes', '1', true),
       set_config('ivfflat.iterative_scan', 'relaxed_order', true), set_config('enable_indexscan', 'on', true);
SELECT e.movie_id, e.embedding <#> (SELECT embedding FROM movie_embeddings WHERE movie_id = :id) AS order_distance, e.embedding <=> (SELECT embedding FROM movie_embeddings WHERE movie_id = :id) AS distance, m.genre_keys, m.rating, m.like_count FROM movie_embeddings e JOIN movies m ON m.id = e.movie_id WHERE e.movie_id <> ALL (ARRAY[:id]::bigint[]) ORDER BY order_distance LIMIT 100;
COMMIT;
