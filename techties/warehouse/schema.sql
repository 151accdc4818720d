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
    status VARCHAR,                   -- running | ok | stopped | failed
    n_read BIGINT DEFAULT 0,
    n_ok BIGINT DEFAULT 0,
    n_quarantined BIGINT DEFAULT 0
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

CREATE TABLE IF NOT EXISTS sources (
    source_id VARCHAR PRIMARY KEY,
    url VARCHAR,
    title VARCHAR,
    publisher VARCHAR,
    published_on VARCHAR,
    language VARCHAR,
    cited_in VARCHAR,                 -- where the seed documents cite it, e.g. "ASPI 2019 note 42"
    retrieved_on VARCHAR              -- when the record was made (curated_on of the curated file)
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


-- Upgrades: a warehouse file made before a column existed gains it when opened for writing.
-- New columns go both into their CREATE TABLE above and here.
ALTER TABLE sources ADD COLUMN IF NOT EXISTS cited_in VARCHAR;
ALTER TABLE sources ADD COLUMN IF NOT EXISTS retrieved_on VARCHAR;
ALTER TABLE deals ADD COLUMN IF NOT EXISTS investor_count INTEGER;
ALTER TABLE deal_investors ADD COLUMN IF NOT EXISTS amount DOUBLE;
ALTER TABLE deal_investors ADD COLUMN IF NOT EXISTS org_id VARCHAR;
ALTER TABLE initiatives ADD COLUMN IF NOT EXISTS date_unknown_reason VARCHAR;
ALTER TABLE works ADD COLUMN IF NOT EXISTS abstract_index_json VARCHAR;
