-- Indexes and statistics for the recommendation filters. Besides serving exact scans of selective
-- filters, they give the planner the statistics its selectivity estimate (used to choose between
-- an iterative vector-index scan and an exact scan) is based on. The vector index itself is managed
-- by the service (VectorIndexManager): its type and parameters are configuration.
CREATE INDEX movies_rating ON movies (rating);
CREATE INDEX movies_language ON movies (lower(language));
