-- A search term as a LIKE pattern that matches it literally: '%' and '_' in a title search are
-- letters, not wildcards. IMMUTABLE, so like_escape(search_key(<constant>)) folds into a constant
-- when a query is planned and the trigram indexes on search_key(title) can serve the LIKE.
CREATE FUNCTION like_escape(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN replace(replace(replace($1, '\', '\\'), '%', '\%'), '_', '\_');
