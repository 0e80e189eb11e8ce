-- Search over title, original title, cast and description: a full-text document next to the
-- trigram title keys, every predicate served by a GIN index (docs/catalogue.md#search).

-- The catalogue's texts (YTS summaries, Wikipedia plots) are English whatever the film's own
-- language, so one English configuration serves them; unaccent before the stemmer makes "Amelie"
-- find "Amélie", as search_key() does for the trigram side.
CREATE TEXT SEARCH CONFIGURATION movies_text (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION movies_text
    ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, english_stem;

-- The cast's names in billing order (not the character names: "tom hanks" should find his films,
-- not films with a character called Tom).
CREATE FUNCTION cast_names(jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN (SELECT string_agg(member ->> 'name', ', ') FROM jsonb_array_elements($1) AS member);

-- The genre names as one text ("action thriller" should find action thrillers). array_to_string()
-- is only STABLE because it serves any array type; for text[] its result never changes.
CREATE FUNCTION genre_text(text[]) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN array_to_string($1, ' ');

-- One stored document per movie, so a text query is one index probe and nothing is parsed at query
-- time; hybrid (vector + text) retrieval reuses it. Weights, which ts_rank reads: A titles, B cast,
-- C description, D genres.
ALTER TABLE movies ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('public.movies_text', coalesce(title, '') || ' ' || coalesce(title_english, '')), 'A')
    || setweight(to_tsvector('public.movies_text', coalesce(cast_names("cast"), '')), 'B')
    || setweight(to_tsvector('public.movies_text',
           coalesce(description_intro, '') || ' ' || coalesce(description_full, '')), 'C')
    || setweight(to_tsvector('public.movies_text', coalesce(genre_text(genres), '')), 'D')
) STORED;

CREATE INDEX movies_search_document ON movies USING gin (search_document);

-- The title keys stored once: rechecking an index hit and ordering the hits then read a column
-- instead of running unaccent() again on every candidate row.
ALTER TABLE movies
    ADD COLUMN title_key text GENERATED ALWAYS AS (search_key(title)) STORED,
    ADD COLUMN title_english_key text GENERATED ALWAYS AS (search_key(title_english)) STORED;

CREATE INDEX movies_title_key_trgm ON movies USING gin (title_key gin_trgm_ops);
CREATE INDEX movies_title_english_key_trgm ON movies USING gin (title_english_key gin_trgm_ops);
DROP INDEX movies_title_trgm;
DROP INDEX movies_title_english_trgm;
