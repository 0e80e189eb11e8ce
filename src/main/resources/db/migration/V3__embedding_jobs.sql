-- The embedding backfill is one job for the whole cluster: every instance reads and updates the same
-- row, so any instance reports cluster-wide progress, and the partial unique index lets at most one
-- job run at a time.
CREATE TABLE embedding_jobs (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    state       text        NOT NULL CHECK (state IN ('running', 'completed', 'failed', 'cancelled')),
    force       boolean     NOT NULL,
    model       text        NOT NULL,
    total       bigint      NOT NULL DEFAULT 0,
    processed   bigint      NOT NULL DEFAULT 0,
    succeeded   bigint      NOT NULL DEFAULT 0,
    skipped     bigint      NOT NULL DEFAULT 0,
    failed      bigint      NOT NULL DEFAULT 0,
    retries     bigint      NOT NULL DEFAULT 0,
    last_error  text,
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX embedding_jobs_one_running ON embedding_jobs ((true)) WHERE state = 'running';

-- The running job's to-do list: one row per movie, written when the job starts (so a forced job
-- re-embeds each movie once, not endlessly) and deleted in the same transaction that stores the
-- movie's vector. Instances claim pages with FOR UPDATE SKIP LOCKED under a lease; a page whose
-- instance died is claimed again once its lease has run out.
CREATE TABLE embedding_work (
    job_id      bigint      NOT NULL REFERENCES embedding_jobs (id) ON DELETE CASCADE,
    movie_id    bigint      NOT NULL REFERENCES movies (id) ON DELETE CASCADE,
    claim_token uuid,
    lease_until timestamptz,
    PRIMARY KEY (job_id, movie_id)
);

CREATE INDEX embedding_work_claim ON embedding_work (claim_token) WHERE claim_token IS NOT NULL;
CREATE INDEX embedding_work_movie ON embedding_work (movie_id);

-- Movies the model refused (too long, NaN vector, ...), with the reason; the next backfill tries
-- them again and clears the row when it succeeds.
CREATE TABLE embedding_failures (
    movie_id  bigint      PRIMARY KEY REFERENCES movies (id) ON DELETE CASCADE,
    job_id    bigint      REFERENCES embedding_jobs (id) ON DELETE SET NULL,
    model     text        NOT NULL,
    reason    text        NOT NULL,
    attempts  integer     NOT NULL DEFAULT 1,
    failed_at timestamptz NOT NULL DEFAULT now()
);
