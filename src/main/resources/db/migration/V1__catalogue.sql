-- The extensions are created by a superuser beforehand where the service's role may not create them
-- (pgvector is not a trusted extension); IF NOT EXISTS makes this a no-op then.
CREATE EXTENSION IF NOT EXISTS vector;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- unaccent() is only STABLE (it reads its dictionary by name); pinning the dictionary makes this
-- wrapper safe to mark IMMUTABLE, so expression indexes can use it.
CREATE FUNCTION search_key(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN lower(public.unaccent('public.unaccent'::regdictionary, $1));

CREATE FUNCTION genre_keys(text[]) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN coalesce((SELECT array_agg(DISTINCT lower(btrim(g))) FROM unnest($1) AS g), '{}');

CREATE TABLE movies (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    external_id        bigint      NOT NULL UNIQUE,
    imdb_code          text,
    title              text        NOT NULL CHECK (btrim(title) <> ''),
    title_english      text,
    year               integer     CHECK (year BETWEEN 1870 AND 2100),
    rating             numeric(3,1) CHECK (rating BETWEEN 0 AND 10),
    runtime            integer     CHECK (runtime >= 0),
    genres             text[]      NOT NULL DEFAULT '{}',
    genre_keys         text[]      GENERATED ALWAYS AS (genre_keys(genres)) STORED,
    description_intro  text,
    description_full   text,
    language           text,
    like_count         integer     NOT NULL DEFAULT 0 CHECK (like_count >= 0),
    download_count     integer     NOT NULL DEFAULT 0 CHECK (download_count >= 0),
    date_uploaded      timestamptz,
    small_cover_image  text,
    medium_cover_image text,
    large_cover_image  text,
    yt_trailer_code    text,
    -- [{name, character_name, imdb_code, url_small_image}] in billing order
    "cast"             jsonb       NOT NULL DEFAULT '[]' CHECK (jsonb_typeof("cast") = 'array'),
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX movies_title_trgm ON movies USING gin (search_key(title) gin_trgm_ops);
CREATE INDEX movies_title_english_trgm ON movies USING gin (search_key(title_english) gin_trgm_ops);
CREATE INDEX movies_genre_keys ON movies USING gin (genre_keys);
CREATE INDEX movies_year ON movies (year);
CREATE INDEX movies_like_count ON movies (like_count DESC);

-- One current embedding per movie. What produced it (model and a hash of the exact text sent,
-- task prefix included) lets the backfill find missing and stale vectors.
CREATE TABLE movie_embeddings (
    movie_id    bigint      PRIMARY KEY REFERENCES movies (id) ON DELETE CASCADE,
    embedding   vector(${embedding_dimension}) NOT NULL,
    model       text        NOT NULL,
    text_hash   bytea       NOT NULL,
    embedded_at timestamptz NOT NULL DEFAULT now()
);
