-- One genre vocabulary for every catalogue source (docs/catalogue.md#genres). Movies keep the names
-- they were imported with, for display; genre_keys, which the genre filters, the genre list and the
-- ranking's genre overlap read, holds canonical keys, so "Sci-Fi" (YTS, IMDb) and "Science Fiction"
-- (TMDB, Wikipedia) are one genre. A name that is no alias keeps its own key (lower case).
--
-- The canonical names are the YTS/IMDb ones, the original API's vocabulary. Deliberately kept apart:
-- Music (films about music and musicians) and Musical (characters sing): IMDb and YTS tell them
-- apart, so merging them would lose what those sources know; TMDB's single "Music" maps to Music.
-- Thriller and Suspense, Erotic and Adult are kept apart for the same reason.

-- An alias as written anywhere: lower case, no accents, letters and digits only
-- ("Sci-Fi", "sci fi", "SciFi" -> "scifi").
CREATE FUNCTION genre_alias(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN regexp_replace(search_key($1), '[^a-z0-9]+', '', 'g');

-- The vocabulary: alias -> canonical key and name. A combined name ("Action & Adventure") maps to
-- each of its genres. Changing it is a new migration that also recomputes genre_keys.
CREATE FUNCTION genre_vocabulary() RETURNS TABLE (alias text, key text, name text)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ VALUES
        ('action', 'action', 'Action'),
        ('adventure', 'adventure', 'Adventure'),
        ('actionadventure', 'action', 'Action'),
        ('actionadventure', 'adventure', 'Adventure'),
        ('animation', 'animation', 'Animation'),
        ('animated', 'animation', 'Animation'),
        ('cartoon', 'animation', 'Animation'),
        ('biography', 'biography', 'Biography'),
        ('biographical', 'biography', 'Biography'),
        ('biopic', 'biography', 'Biography'),
        ('comedy', 'comedy', 'Comedy'),
        ('crime', 'crime', 'Crime'),
        ('documentary', 'documentary', 'Documentary'),
        ('drama', 'drama', 'Drama'),
        ('family', 'family', 'Family'),
        ('kids', 'family', 'Family'),
        ('children', 'family', 'Family'),
        ('childrens', 'family', 'Family'),
        ('fantasy', 'fantasy', 'Fantasy'),
        ('filmnoir', 'film-noir', 'Film-Noir'),
        ('noir', 'film-noir', 'Film-Noir'),
        ('gameshow', 'game-show', 'Game-Show'),
        ('history', 'history', 'History'),
        ('historical', 'history', 'History'),
        ('horror', 'horror', 'Horror'),
        ('music', 'music', 'Music'),
        ('musical', 'musical', 'Musical'),
        ('mystery', 'mystery', 'Mystery'),
        ('news', 'news', 'News'),
        ('realitytv', 'reality-tv', 'Reality-TV'),
        ('romance', 'romance', 'Romance'),
        ('romantic', 'romance', 'Romance'),
        ('romanticcomedy', 'romance', 'Romance'),
        ('romanticcomedy', 'comedy', 'Comedy'),
        ('romcom', 'romance', 'Romance'),
        ('romcom', 'comedy', 'Comedy'),
        ('scifi', 'sci-fi', 'Sci-Fi'),
        ('sciencefiction', 'sci-fi', 'Sci-Fi'),
        ('sf', 'sci-fi', 'Sci-Fi'),
        ('scififantasy', 'sci-fi', 'Sci-Fi'),
        ('scififantasy', 'fantasy', 'Fantasy'),
        ('short', 'short', 'Short'),
        ('sport', 'sport', 'Sport'),
        ('sports', 'sport', 'Sport'),
        ('talkshow', 'talk-show', 'Talk-Show'),
        ('thriller', 'thriller', 'Thriller'),
        ('tvmovie', 'tv-movie', 'TV Movie'),
        ('war', 'war', 'War'),
        ('warpolitics', 'war', 'War'),
        ('warpolitics', 'political', 'Political'),
        ('political', 'political', 'Political'),
        ('western', 'western', 'Western') $$;

-- genre_keys() keeps its name and contract (canonical keys, each once), so the generated column,
-- its index and every query that calls it now speak the vocabulary.
CREATE OR REPLACE FUNCTION genre_keys(text[]) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN coalesce((
        SELECT array_agg(DISTINCT coalesce(v.key, lower(btrim(g))))
        FROM unnest($1) AS g
        LEFT JOIN genre_vocabulary() AS v ON v.alias = genre_alias(g)
        WHERE btrim(g) <> ''), '{}');

-- The display name of a key: the canonical name, else the name most movies were imported with.
CREATE FUNCTION genre_name(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN (SELECT v.name FROM genre_vocabulary() AS v WHERE v.key = $1 LIMIT 1);

-- A stored generated column is computed on write only: rewrite the keys of the movies already there.
UPDATE movies SET genres = genres WHERE genre_keys IS DISTINCT FROM genre_keys(genres);
