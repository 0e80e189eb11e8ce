-- The YTS torrents of each movie, kept from the import as given (quality, type, size, seeds, peers,
-- hash, url, ...): the original API's clients read torrents_count, and a page can show them.
ALTER TABLE movies ADD COLUMN torrents jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(torrents) = 'array');
