-- techties warehouse. Plain types only (VARCHAR, INTEGER, DOUBLE, BOOLEAN) so the same
-- tables can be written as Parquet and queried by Spark SQL. JSON-valued columns end in _json.

CREATE TABLE IF NOT EXISTS works (
    work_id VARCHAR PRIMARY KEY,      -- source-qualified: openalex:W…, wos:WOS:…
    source VARCHAR NOT NULL,          -- openalex-snapshot | openalex-api | wos | synthetic
    doi VARCHAR,
    title VARCHAR,
    abstract VARCHAR,
    year INTEGER,
    pub_date VARCHAR,
    language VARCHAR,                 -- ISO 639-1 where known (en, zh, ru…)
    type VARCHAR,
    cited_by_count INTEGER,
    version VARCHAR,                  -- the record's own update stamp; newer replaces older
    as_of VARCHAR,                    -- snapshot / export date of the record
    retrieved_at VARCHAR,             -- when techties read it
    synthetic BOOLEAN DEFAULT FALSE,  -- generated in the real schema (demo, benchmarks)
    run_id VARCHAR,
    abstract_index_json VARCHAR       -- OpenAlex inverted index kept by the native ingest until
                                      -- `abstract` is rebuilt from it (techties.ingest_native.fill_abstracts)
);

CREATE TABLE IF NOT EXISTS authorships (
    work_id VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    author_id VARCHAR,
    author_name VARCHAR,
    institution_id VARCHAR,
    raw_affiliation VARCHAR,
    country_code VARCHAR,             -- ISO 3166-1 alpha-2
    country_method VARCHAR            -- institution | string | none
);

CREATE TABLE IF NOT EXISTS institutions (
    institution_id VARCHAR PRIMARY KEY,
    ror VARCHAR,
    name VARCHAR,
    names_json VARCHAR,               -- {"en": [...], "zh": [...], "ru": [...]}
    country_code VARCHAR,
    type VARCHAR,                     -- education | company | government | facility | …
    parent_id VARCHAR,                -- top parent after roll-up (all RAS institutes -> RAS)
    lineage_json VARCHAR,
    source VARCHAR
);

CREATE TABLE IF NOT EXISTS work_fields (
    work_id VARCHAR NOT NULL,
    taxonomy VARCHAR NOT NULL,
    field VARCHAR NOT NULL,
    score DOUBLE
);

CREATE TABLE IF NOT EXISTS work_funders (
    work_id VARCHAR NOT NULL,
    funder_id VARCHAR,
    funder_name VARCHAR,
    award_id VARCHAR
);

CREATE TABLE IF NOT EXISTS ai_scores (
    work_id VARCHAR NOT NULL,
    area VARCHAR NOT NULL,
    model_version VARCHAR NOT NULL,
    score DOUBLE,
    label BOOLEAN,
    method VARCHAR                    -- title+abstract | title-only | keywords-zh | keywords-ru
);

CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY,
    command VARCHAR,
    params_json VARCHAR,
    inputs_json VARCHAR,              -- [{"path":…, "sha256":…, "bytes":…}]
    versions_json VARCHAR,            -- techties, duckdb, python, models
    started VARCHAR,
    finished VARCHAR,
    status VARCHAR,                   -- running | ok | ok-with-quarantine | stopped | failed | killed
    n_read BIGINT DEFAULT 0,
    n_ok BIGINT DEFAULT 0,
    n_quarantined BIGINT DEFAULT 0,
    pid BIGINT                        -- the process; a `running` run of another process is dead (DuckDB's lock)
);

CREATE TABLE IF NOT EXISTS quarantine (
    run_id VARCHAR,
    input_key VARCHAR,                -- fingerprint of the input file (dedups across resumed runs)
    file VARCHAR,
    line BIGINT,
    error VARCHAR,
    raw_excerpt VARCHAR
);

-- How far each input file has been ingested: a killed run resumes from here.
CREATE TABLE IF NOT EXISTS ingest_progress (
    input_key VARCHAR PRIMARY KEY,
    path VARCHAR,
    lines_done BIGINT,
    finished BOOLEAN,
    run_id VARCHAR,
    updated VARCHAR
);

-- Saved OpenAlex API cursors: a run stopped by an exhausted budget resumes from them.
CREATE TABLE IF NOT EXISTS api_cursors (
    query_key VARCHAR PRIMARY KEY,
    query_json VARCHAR,
    cursor VARCHAR,
    n_fetched BIGINT,
    finished BOOLEAN,
    updated VARCHAR
);

-- Count series (techties collect, the demo's shipped aggregates): yearly counts of a country's or a
-- pair's works in an area, the denominators of shares. Insert-only: every collection adds a newly
-- dated snapshot and never overwrites an old one (monitoring builds on them).
CREATE TABLE IF NOT EXISTS count_series (
    query VARCHAR NOT NULL,           -- the exact API request: filter, group_by or sample/seed
    scope_kind VARCHAR NOT NULL,      -- country | pair | country-international (not a whole output)
    scope VARCHAR NOT NULL,           -- CN, or CN-RU (pair countries in the order asked)
    area VARCHAR NOT NULL,            -- all | ai | ai-fields | TAXONOMY:FIELD (as research's --area)
    year INTEGER NOT NULL,
    value DOUBLE,
    low DOUBLE,                       -- 95% interval of a sample estimate
    high DOUBLE,
    method VARCHAR NOT NULL,          -- openalex-count | sample-estimate
    sample_size INTEGER,              -- works scored, for a sample estimate
    retrieved_on VARCHAR NOT NULL,    -- the date the API answered
    run_id VARCHAR,                   -- the run that fetched it (runs.run_id)
    source VARCHAR                    -- the API root, or the shipped file it came from
);

-- Where a `techties collect` plan stands: one row per step of a collection; a stopped collection
-- resumes its pending steps, a finished one is followed by a new dated collection.
CREATE TABLE IF NOT EXISTS collect_steps (
    plan_key VARCHAR NOT NULL,        -- pair, baseline, years, area
    collection VARCHAR NOT NULL,      -- the run id that began this collection
    collection_no INTEGER NOT NULL,   -- 1, 2, … per plan
    step_no INTEGER NOT NULL,
    step_key VARCHAR,                 -- readable: "works CN-RU", "sample CN 2015"
    step_json VARCHAR,                -- the exact query, so a resumed collection asks the same
    done BOOLEAN,
    run_id VARCHAR,                   -- the run that did it
    started VARCHAR,                  -- the date the collection began (the next one's from_updated_date)
    updated VARCHAR
);

CREATE TABLE IF NOT EXISTS sources (
    source_id VARCHAR PRIMARY KEY,
    url VARCHAR,
    title VARCHAR,
    publisher VARCHAR,
    published_on VARCHAR,
    language VARCHAR,
    cited_in VARCHAR,                 -- where the seed documents cite it, e.g. "ASPI 2019 note 42"
    retrieved_on VARCHAR              -- when the record was made (curated_on of the curated file; a
                                      -- Crunchbase export's snapshot date, `crunchbase:<file name>`)
);

CREATE TABLE IF NOT EXISTS organisations (
    org_id VARCHAR PRIMARY KEY,
    name VARCHAR,
    names_json VARCHAR,
    country_code VARCHAR,
    type VARCHAR,
    state_owned BOOLEAN,
    parent_id VARCHAR,
    institution_ids_json VARCHAR,     -- links to institutions seen in papers
    source_ids_json VARCHAR
);

-- Who owns an organisation, by share (RCIF: RDIF 0.5, CIC 0.5): look-through attribution reads it.
CREATE TABLE IF NOT EXISTS organisation_owners (
    org_id VARCHAR NOT NULL,
    owner_id VARCHAR NOT NULL,
    share DOUBLE,                     -- fraction in (0, 1]
    source_ids_json VARCHAR
);

CREATE TABLE IF NOT EXISTS deals (
    deal_id VARCHAR PRIMARY KEY,
    announced_on VARCHAR,
    target VARCHAR,
    target_country VARCHAR,
    round VARCHAR,
    amount DOUBLE,
    currency VARCHAR,
    amount_usd DOUBLE,
    disclosed BOOLEAN,
    sectors_json VARCHAR,
    ai_related BOOLEAN,
    source VARCHAR,                   -- curated | crunchbase
    source_ids_json VARCHAR,
    investor_count INTEGER            -- investors in the whole round (may exceed the named ones)
);

CREATE TABLE IF NOT EXISTS deal_investors (
    deal_id VARCHAR NOT NULL,
    investor VARCHAR,
    investor_country VARCHAR,
    parent VARCHAR,
    share DOUBLE,                     -- stated contribution / round amount, where stated
    amount DOUBLE,                    -- the investor's stated contribution, in the deal's currency
    org_id VARCHAR                    -- curated organisation id, where the investor matched one
);

CREATE TABLE IF NOT EXISTS initiatives (
    initiative_id VARCHAR PRIMARY KEY,
    kind VARCHAR,
    title VARCHAR,
    started_on VARCHAR,
    status VARCHAR,
    sectors_json VARCHAR,
    amount_usd DOUBLE,
    summary VARCHAR,
    source_ids_json VARCHAR,
    date_unknown_reason VARCHAR       -- why started_on is empty
);

CREATE TABLE IF NOT EXISTS initiative_parties (
    initiative_id VARCHAR NOT NULL,
    org VARCHAR,
    country VARCHAR,
    role VARCHAR
);

CREATE TABLE IF NOT EXISTS watchlist_entries (
    list_id VARCHAR NOT NULL,
    entry_id VARCHAR NOT NULL,
    name VARCHAR,
    aliases_json VARCHAR,
    country VARCHAR,
    program VARCHAR,
    listed_on VARCHAR,
    source VARCHAR,
    source_date VARCHAR
);

CREATE TABLE IF NOT EXISTS screening_hits (
    subject_kind VARCHAR NOT NULL,    -- institution | investor | deal_party | initiative_party
    subject_id VARCHAR NOT NULL,
    entry_id VARCHAR NOT NULL,
    list_id VARCHAR,
    score DOUBLE,
    features_json VARCHAR,
    algorithm VARCHAR,
    decision VARCHAR                  -- NULL | confirmed | rejected (analyst; persists across runs)
);

-- techties watch: indicator snapshots. Rows are only ever inserted: a snapshot is never rewritten.
CREATE TABLE IF NOT EXISTS indicator_history (
    snapshot_id VARCHAR NOT NULL,     -- one `techties watch` run
    run_id VARCHAR,                   -- its row in runs (params, versions, status)
    seq INTEGER NOT NULL,             -- 1, 2, 3… per scope: the order of the snapshots
    taken_at VARCHAR NOT NULL,        -- when the snapshot was taken (UTC, ISO 8601)
    as_of VARCHAR,                    -- as-of date of the data (newest works.as_of)
    scope VARCHAR NOT NULL,           -- pair, baseline, area, years, language, China scope as one key
    pair VARCHAR NOT NULL,            -- A-B
    baseline VARCHAR,
    area VARCHAR,
    years VARCHAR,
    indicator_id VARCHAR NOT NULL,
    name VARCHAR,
    kind VARCHAR,                     -- research | investment
    unit VARCHAR,
    value DOUBLE,                     -- NULL when the data cannot answer
    denominator DOUBLE,
    status VARCHAR,                   -- computed | small-numbers | needs-data
    trend VARCHAR,
    needs VARCHAR,
    records_json VARCHAR              -- ids of the records behind the value (work, deal, initiative)
);

-- The alerts each watch snapshot raised (the Atom feed and the digest read them back).
CREATE TABLE IF NOT EXISTS watch_alerts (
    snapshot_id VARCHAR NOT NULL,
    taken_at VARCHAR NOT NULL,
    scope VARCHAR NOT NULL,
    rule VARCHAR NOT NULL,
    indicator_id VARCHAR,
    message VARCHAR,
    value DOUBLE,
    previous DOUBLE,
    records_json VARCHAR
);


-- Upgrades: a warehouse file made before a column existed gains it when opened for writing.
-- New columns go both into their CREATE TABLE above and here.
ALTER TABLE sources ADD COLUMN IF NOT EXISTS cited_in VARCHAR;
ALTER TABLE sources ADD COLUMN IF NOT EXISTS retrieved_on VARCHAR;
ALTER TABLE deals ADD COLUMN IF NOT EXISTS investor_count INTEGER;
ALTER TABLE deal_investors ADD COLUMN IF NOT EXISTS amount DOUBLE;
ALTER TABLE deal_investors ADD COLUMN IF NOT EXISTS org_id VARCHAR;
ALTER TABLE initiatives ADD COLUMN IF NOT EXISTS date_unknown_reason VARCHAR;

-- Every source record behind a counted work (the merged corpus). A record whose DOI, or title + year +
-- first author, matches a work already stored from another source joins that work; the work's rows come
-- from its richest record (is_primary). See techties/resolve/merge.py for the rule.
CREATE TABLE IF NOT EXISTS work_sources (
    record_id VARCHAR PRIMARY KEY,    -- the source's own record: wos:WOS:…, scopus:2-s2.0-…, openalex:W…
    work_id VARCHAR NOT NULL,         -- the counted work (works.work_id): the first record's id
    source VARCHAR,                   -- wos | scopus | lens | dimensions | pubmed | cnki | openalex-…
    family VARCHAR,                   -- the source without its variant (openalex-api and -snapshot: openalex)
    doi_key VARCHAR,                  -- lower-case DOI
    title_key VARCHAR,                -- normalised title | first author's surname (None: title too short)
    year INTEGER,
    richness BIGINT,                  -- orders records: authorships with institutions, with countries, …
    is_primary BOOLEAN,               -- this record supplies the work's rows
    match_rule VARCHAR,               -- own | doi | title
    as_of VARCHAR,                    -- snapshot / export date of the record
    retrieved_at VARCHAR,             -- when techties read it
    run_id VARCHAR
);
ALTER TABLE runs ADD COLUMN IF NOT EXISTS pid BIGINT;
ALTER TABLE works ADD COLUMN IF NOT EXISTS abstract_index_json VARCHAR;

-- The countries each work has an author in: one row per distinct (work, country) of `authorships`,
-- sorted by country so a query for two countries reads only their row groups. Derived, never edited:
-- `techties.warehouse.work_countries.refresh_work_countries` keeps it in step at the end of every
-- ingest, and a query whose stamp does not match reads `authorships` instead.
CREATE TABLE IF NOT EXISTS work_countries (
    work_id VARCHAR NOT NULL,
    country_code VARCHAR NOT NULL     -- ISO 3166-1 alpha-2, as in authorships (no China scope applied)
);
-- What work_countries was built from (one row): the works per run and the authorships it reflects.
CREATE TABLE IF NOT EXISTS work_countries_state (
    runs_json VARCHAR,                -- [[run_id, works], …] of `works` at the last refresh
    authorships BIGINT,               -- rows of `authorships` at the last refresh
    appended BIGINT,                  -- works added incrementally since the last sorted build
    refreshed_at VARCHAR
);
