-- The native OpenAlex ingest: rows staged by DuckDB's read_json (temp table oa_raw, one row per
-- work, `filename` column) become warehouse rows, with the same rules as the Python reader
-- (techties/sources/openalex_snapshot.py add_record and techties/warehouse/batch.py WorkBatch).
-- Sections run in order; `-- name:` starts one. Bound parameters: ? run_id, ? retrieved_at (works).
-- Temp table oa_files(filename, ordinal, as_of) is registered by the caller.

-- name: macros
CREATE OR REPLACE TEMP MACRO oa_short(x) AS
    CASE WHEN x IS NULL OR x = '' THEN NULL WHEN starts_with(x, 'https://openalex.org/') THEN x[22:] ELSE x END;
CREATE OR REPLACE TEMP MACRO oa_strip(v, p) AS CASE WHEN starts_with(v, p) THEN v[length(p) + 1:] ELSE v END;
CREATE OR REPLACE TEMP MACRO oa_doi(x) AS
    nullif(oa_strip(oa_strip(oa_strip(lower(trim(x)), 'https://doi.org/'), 'http://dx.doi.org/'), 'doi:'), '');

-- name: works
-- One row per work id: the newest updated_date wins, the later line on a tie (rowid follows the file).
CREATE OR REPLACE TEMP TABLE oa_works AS
SELECT r.rowid AS rid, r.filename, 'openalex:' || coalesce(oa_short(r.id), r.id) AS work_id,
       oa_doi(r.doi) AS doi,
       CASE WHEN r.title IS NOT NULL AND r.title <> '' THEN r.title ELSE r.display_name END AS title,
       r.publication_year AS year, r.publication_date AS pub_date, r.language, r.type, r.cited_by_count,
       r.updated_date AS version, coalesce(r.techties_synthetic, false) AS synthetic,
       CASE WHEN r.abstract_inverted_index IS NOT NULL AND CAST(r.abstract_inverted_index AS VARCHAR) NOT IN ('null', '{}')
            THEN CAST(r.abstract_inverted_index AS VARCHAR) END AS abstract_index_json
FROM oa_raw r
WHERE r.id IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY work_id ORDER BY coalesce(r.updated_date, '') DESC, rid DESC) = 1;

-- name: drop_stale
-- An incoming work older than the stored one is ignored (newer or equal replaces).
DELETE FROM oa_works i USING works w WHERE w.work_id = i.work_id AND coalesce(i.version, '') < coalesce(w.version, '');

-- name: replaced
CREATE OR REPLACE TEMP TABLE oa_replaced AS SELECT work_id FROM oa_works JOIN works USING (work_id);

-- name: authorships_raw
-- Every authorship of every parsed work (losers of a duplicate id too: institutions and countries are
-- learnt from all of them, as in a Python batch).
CREATE OR REPLACE TEMP TABLE oa_auth AS
SELECT rid, filename, 'openalex:' || coalesce(oa_short(id), id) AS work_id, pos - 1 AS position, a
FROM (SELECT rowid AS rid, filename, id, unnest(authorships) AS a, generate_subscripts(authorships, 1) AS pos
      FROM oa_raw WHERE id IS NOT NULL);

-- name: authorship_institutions
CREATE OR REPLACE TEMP TABLE oa_ainst AS
SELECT rid, filename, position, k, 'openalex:' || oa_short(i.id) AS institution_id, i
FROM (SELECT rid, filename, position, unnest(a.institutions) AS i, generate_subscripts(a.institutions, 1) AS k
      FROM oa_auth)
WHERE i.id IS NOT NULL AND i.id <> '';

-- name: institutions
-- An institution's row comes from the last file that names it, its first occurrence there (as the
-- Python path's batches: each file's replaces the earlier files' rows).
CREATE OR REPLACE TEMP TABLE oa_inst AS
SELECT institution_id, i.ror, coalesce(nullif(i.display_name, ''), oa_short(i.id)) AS name,
       nullif(i.country_code, '') AS country_code, i.type,
       CASE WHEN len(i.lineage) > 0 THEN
           '[' || array_to_string(list_transform(i.lineage, lambda x: to_json('openalex:' || coalesce(oa_short(x), x))), ', ') || ']'
       END AS lineage_json
FROM oa_ainst JOIN oa_files USING (filename)
QUALIFY row_number() OVER (PARTITION BY institution_id ORDER BY ordinal DESC, rid, position, k) = 1;

-- name: authorship_rows
-- An authorship gives one row per institution with an id (country: the institution's), else one
-- per country the source lists (method 'source'), else one row without a country.
CREATE OR REPLACE TEMP TABLE oa_arows AS
WITH au AS (
    SELECT rid, work_id, position, oa_short(a.author.id) AS author_id,
           coalesce(nullif(a.author.display_name, ''), nullif(a.raw_author_name, ''), '') AS author_name,
           CASE WHEN len(a.raw_affiliation_strings) > 0 THEN array_to_string(a.raw_affiliation_strings, '; ')
                ELSE a.raw_affiliation_string END AS raw,
           list_filter(a.countries, lambda c: c IS NOT NULL AND c <> '') AS countries
    FROM oa_auth),
placed AS (SELECT DISTINCT rid, position FROM oa_ainst)
SELECT au.rid, au.work_id, au.position, x.k, au.author_id, au.author_name, x.institution_id, au.raw,
       i.country_code, CASE WHEN i.country_code IS NOT NULL THEN 'institution' ELSE 'none' END AS method
FROM au JOIN oa_ainst x USING (rid, position) JOIN oa_inst i USING (institution_id)
UNION ALL
SELECT rid, work_id, position, 0, author_id, author_name, NULL, raw, unnest(countries), 'source'
FROM au ANTI JOIN placed USING (rid, position) WHERE len(countries) > 0
UNION ALL
SELECT rid, work_id, position, 0, author_id, author_name, NULL, raw, NULL, 'none'
FROM au ANTI JOIN placed USING (rid, position) WHERE len(coalesce(countries, [])) = 0;

-- name: unresolved
-- The second pass: the distinct affiliation strings of rows still without a country.
SELECT DISTINCT raw FROM oa_arows WHERE country_code IS NULL AND raw IS NOT NULL AND raw <> '';

-- name: institution_fill
-- An institution without a country takes the first country found for its authorships' strings.
CREATE OR REPLACE TEMP TABLE oa_inst_fill AS
SELECT a.institution_id, first(r.code ORDER BY a.rid, a.position, a.k) AS code
FROM oa_arows a JOIN oa_resolved r ON r.raw = a.raw
WHERE a.institution_id IS NOT NULL AND a.country_code IS NULL AND r.code IS NOT NULL
GROUP BY a.institution_id;

-- name: delete_replaced
DELETE FROM authorships WHERE work_id IN (SELECT work_id FROM oa_replaced);
DELETE FROM work_fields WHERE work_id IN (SELECT work_id FROM oa_replaced);
DELETE FROM work_funders WHERE work_id IN (SELECT work_id FROM oa_replaced);
DELETE FROM works WHERE work_id IN (SELECT work_id FROM oa_replaced);

-- name: insert_works
INSERT INTO works (work_id, source, doi, title, abstract, year, pub_date, language, type, cited_by_count, version,
                   as_of, retrieved_at, synthetic, run_id, abstract_index_json)
SELECT w.work_id, 'openalex-snapshot', w.doi, w.title, NULL, w.year, w.pub_date, w.language, w.type, w.cited_by_count,
       w.version, f.as_of, ?, w.synthetic, ?, w.abstract_index_json
FROM oa_works w JOIN oa_files f USING (filename);

-- name: insert_authorships
INSERT INTO authorships
SELECT a.work_id, a.position, a.author_id, a.author_name, a.institution_id, a.raw,
       coalesce(a.country_code, r.code),
       CASE WHEN a.country_code IS NULL AND r.code IS NOT NULL THEN 'string' ELSE a.method END
FROM oa_arows a LEFT JOIN oa_resolved r ON a.country_code IS NULL AND r.raw = a.raw
WHERE a.rid IN (SELECT rid FROM oa_works);

-- name: insert_institutions
INSERT OR REPLACE INTO institutions
SELECT i.institution_id, i.ror, i.name, NULL, coalesce(i.country_code, f.code), i.type, NULL, i.lineage_json, 'openalex'
FROM oa_inst i LEFT JOIN oa_inst_fill f USING (institution_id);

-- name: insert_fields
INSERT INTO work_fields
SELECT w.work_id, 'openalex-concept', c.display_name, c.score
FROM (SELECT rowid AS rid, unnest(concepts) AS c FROM oa_raw) JOIN oa_works w USING (rid)
WHERE c.display_name IS NOT NULL AND c.display_name <> ''
UNION ALL
SELECT w.work_id, 'openalex-topic', t.display_name, t.score
FROM (SELECT rowid AS rid, unnest(topics) AS t FROM oa_raw) JOIN oa_works w USING (rid)
WHERE t.display_name IS NOT NULL AND t.display_name <> ''
UNION ALL
SELECT w.work_id, 'openalex-subfield', r.topics[1].subfield.display_name, r.topics[1].score
FROM oa_raw r JOIN oa_works w ON w.rid = r.rowid
WHERE r.topics[1].subfield.display_name IS NOT NULL AND r.topics[1].subfield.display_name <> ''
UNION ALL
SELECT w.work_id, 'openalex-field', r.topics[1].field.display_name, r.topics[1].score
FROM oa_raw r JOIN oa_works w ON w.rid = r.rowid
WHERE r.topics[1].field.display_name IS NOT NULL AND r.topics[1].field.display_name <> '';

-- name: insert_funders
-- As the Python reader: 2022-23 `grants` (one per funder and award, the later name wins), then the
-- current `awards` (the first wins, unless a grant has the key), then `funders` whose id no grant or
-- award named (one per id, the later name wins).
INSERT INTO work_funders
WITH cand AS (
    SELECT rid, 0 AS kind, idx, oa_short(g.funder) AS fid, g.award_id AS award, coalesce(g.funder_display_name, '') AS name
    FROM (SELECT rowid AS rid, unnest(grants) AS g, generate_subscripts(grants, 1) AS idx FROM oa_raw)
    WHERE coalesce(g.funder_display_name, '') <> '' OR coalesce(g.funder, '') <> ''
    UNION ALL
    SELECT rid, 1, idx, oa_short(x.funder_id), x.funder_award_id, coalesce(x.funder_display_name, '')
    FROM (SELECT rowid AS rid, unnest(awards) AS x, generate_subscripts(awards, 1) AS idx FROM oa_raw)
    UNION ALL
    SELECT rid, 2, idx, oa_short(f.id), NULL, coalesce(f.display_name, '')
    FROM (SELECT rowid AS rid, unnest(funders) AS f, generate_subscripts(funders, 1) AS idx FROM oa_raw)),
g AS (SELECT rid, fid, award, arg_max(name, idx) AS name FROM cand WHERE kind = 0 GROUP BY rid, fid, award),
aw AS (SELECT rid, fid, award, arg_min(name, idx) AS name FROM cand WHERE kind = 1 GROUP BY rid, fid, award),
aw_new AS (SELECT * FROM aw ANTI JOIN g ON g.rid = aw.rid AND g.fid IS NOT DISTINCT FROM aw.fid
                                           AND g.award IS NOT DISTINCT FROM aw.award),
named AS (SELECT rid, fid FROM g UNION SELECT rid, fid FROM aw),
fu AS (SELECT rid, fid, NULL AS award, arg_max(name, idx) AS name FROM cand WHERE kind = 2 GROUP BY rid, fid),
fu_new AS (SELECT * FROM fu ANTI JOIN named n ON n.rid = fu.rid AND n.fid IS NOT DISTINCT FROM fu.fid)
SELECT w.work_id, x.fid, x.name, x.award
FROM (SELECT * FROM g UNION ALL SELECT * FROM aw_new UNION ALL SELECT * FROM fu_new) x JOIN oa_works w USING (rid);

-- name: cleanup
DROP TABLE IF EXISTS oa_works;
DROP TABLE IF EXISTS oa_replaced;
DROP TABLE IF EXISTS oa_auth;
DROP TABLE IF EXISTS oa_ainst;
DROP TABLE IF EXISTS oa_inst;
DROP TABLE IF EXISTS oa_arows;
DROP TABLE IF EXISTS oa_inst_fill;
DROP TABLE IF EXISTS oa_raw;
