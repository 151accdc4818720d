-- The native OpenAlex ingest: rows staged by DuckDB's read_json (temp table oa_raw, one row per
-- work, `filename` column) become warehouse rows, with the same rules as the Python reader
-- (techties/sources/openalex_snapshot.py add_record and techties/warehouse/batch.py WorkBatch).
-- Sections run in order; `-- name:` starts one. Bound parameters: ? run_id, ? retrieved_at (works).
-- Temp table oa_files(filename, ordinal, as_of, file_date) is registered by the caller: as_of is the snapshot
-- folder's date or NULL; a work's as-of is that, else its own updated_date's day, else the file's mtime
-- (openalex_snapshot.parse_lines, the Python reader's rule).

-- name: macros
CREATE OR REPLACE TEMP MACRO oa_short(x) AS
    CASE WHEN x IS NULL OR x = '' THEN NULL WHEN starts_with(x, 'https://openalex.org/') THEN x[22:] ELSE x END;
CREATE OR REPLACE TEMP MACRO oa_strip(v, p) AS CASE WHEN starts_with(v, p) THEN v[length(p) + 1:] ELSE v END;
-- a work's own day: a real date no later than its file's mtime day (openalex_snapshot.record_as_of)
CREATE OR REPLACE TEMP MACRO oa_day(x, latest) AS
    CASE WHEN regexp_matches(x, '^[0-9]{4}-[0-9]{2}-[0-9]{2}') AND TRY_CAST(x[1:10] AS DATE) IS NOT NULL
              AND x[1:10] <= latest THEN x[1:10] END;
CREATE OR REPLACE TEMP MACRO oa_doi(x) AS
    nullif(oa_strip(oa_strip(oa_strip(lower(trim(x)), 'https://doi.org/'), 'http://dx.doi.org/'), 'doi:'), '');

-- name: keys
-- Each parsed work's id and version, to find duplicates and works already stored.
CREATE OR REPLACE TEMP TABLE oa_keys AS
SELECT rowid AS rid, 'openalex:' || coalesce(oa_short(id), id) AS work_id, coalesce(updated_date, '') AS version
FROM oa_raw WHERE id IS NOT NULL;

-- name: institutions
-- Institutions from every parsed work (before older versions are dropped, as a Python batch learns
-- them). An institution's row comes from the last file that names it, its first occurrence there (as
-- the Python path's batches: each file's rows replace the earlier files').
CREATE OR REPLACE TEMP TABLE oa_inst AS
SELECT institution_id, v.ror, v.name, v.country_code, v.type,
       CASE WHEN len(v.lineage) > 0 THEN
           '[' || array_to_string(list_transform(v.lineage, lambda x: to_json('openalex:' || coalesce(oa_short(x), x))), ', ') || ']'
       END AS lineage_json
FROM (
    SELECT 'openalex:' || oa_short(i.id) AS institution_id,
           arg_min(struct_pack(ror := i.ror, name := coalesce(nullif(i.display_name, ''), oa_short(i.id)),
                               country_code := nullif(i.country_code, ''), type := i.type, lineage := i.lineage),
                   struct_pack(o := -f.ordinal, r := rid, p := pos, k := k)) AS v
    FROM (SELECT rid, filename, pos, unnest(a.institutions) AS i, generate_subscripts(a.institutions, 1) AS k
          FROM (SELECT rowid AS rid, filename, unnest(authorships) AS a, generate_subscripts(authorships, 1) AS pos
                FROM oa_raw WHERE id IS NOT NULL)) JOIN oa_files f USING (filename)
    WHERE i.id IS NOT NULL AND i.id <> ''
    GROUP BY 1);

-- name: drop_losers
-- One row per work id: the newest updated_date wins, the later line on a tie (rowid follows the
-- files' order); an incoming work older than the stored one is ignored (newer or equal replaces).
CREATE OR REPLACE TEMP TABLE oa_losers AS
SELECT rid FROM oa_keys QUALIFY row_number() OVER (PARTITION BY work_id ORDER BY version DESC, rid DESC) > 1
UNION
SELECT k.rid FROM oa_keys k JOIN works w USING (work_id) WHERE k.version < coalesce(w.version, '');
DELETE FROM oa_raw WHERE rowid IN (SELECT rid FROM oa_losers);
DELETE FROM oa_keys WHERE rid IN (SELECT rid FROM oa_losers);

-- name: replaced
CREATE OR REPLACE TEMP TABLE oa_replaced AS SELECT work_id FROM oa_keys JOIN works USING (work_id);

-- name: authorship_rows
-- An authorship gives one row per institution with an id (country: the institution's), else one
-- per country the source lists (method 'source'), else one row without a country.
CREATE OR REPLACE TEMP TABLE oa_slots AS
SELECT work_id, position, author_id, author_name, s.iid AS institution_id, raw, s.cc AS country_code,
       s.method AS country_method, rid, s.k AS k
FROM (
    SELECT rid, work_id, position, author_id, author_name, raw, unnest(
        CASE WHEN len(insts) > 0 THEN list_transform(insts, lambda i, k: struct_pack(
                 k := k, iid := 'openalex:' || oa_short(i.id), cc := nullif(i.country_code, ''),
                 method := CASE WHEN nullif(i.country_code, '') IS NULL THEN 'none' ELSE 'institution' END))
             WHEN len(countries) > 0 THEN list_transform(countries, lambda c: struct_pack(
                 k := 0, iid := NULL::VARCHAR, cc := c, method := 'source'))
             ELSE [struct_pack(k := 0, iid := NULL::VARCHAR, cc := NULL::VARCHAR, method := 'none')] END) AS s
    FROM (
        SELECT rid, 'openalex:' || coalesce(oa_short(id), id) AS work_id, pos - 1 AS position,
               oa_short(a.author.id) AS author_id,
               coalesce(nullif(a.author.display_name, ''), nullif(a.raw_author_name, ''), '') AS author_name,
               CASE WHEN len(a.raw_affiliation_strings) > 0 THEN array_to_string(a.raw_affiliation_strings, '; ')
                    ELSE a.raw_affiliation_string END AS raw,
               list_filter(a.institutions, lambda i: i.id IS NOT NULL AND i.id <> '') AS insts,
               list_filter(a.countries, lambda c: c IS NOT NULL AND c <> '') AS countries
        FROM (SELECT rowid AS rid, id, unnest(authorships) AS a, generate_subscripts(authorships, 1) AS pos
              FROM oa_raw WHERE id IS NOT NULL)));

-- name: unresolved
-- The second pass: the distinct affiliation strings of rows still without a country.
SELECT DISTINCT raw FROM oa_slots WHERE country_code IS NULL AND raw IS NOT NULL AND raw <> '';

-- name: institution_fill
-- An institution without a country takes the first country found for its authorships' strings.
CREATE OR REPLACE TEMP TABLE oa_inst_fill AS
SELECT a.institution_id, first(r.code ORDER BY a.rid, a.position, a.k) AS code
FROM oa_slots a JOIN oa_resolved r ON r.raw = a.raw
WHERE a.institution_id IS NOT NULL AND a.country_code IS NULL AND r.code IS NOT NULL
GROUP BY a.institution_id;

-- name: delete_replaced
-- (their own records in work_sources too: Warehouse.list_own_records lists them again, as they are now)
DELETE FROM work_sources WHERE record_id IN (SELECT work_id FROM oa_replaced);
DELETE FROM authorships WHERE work_id IN (SELECT work_id FROM oa_replaced);
DELETE FROM work_fields WHERE work_id IN (SELECT work_id FROM oa_replaced);
DELETE FROM work_funders WHERE work_id IN (SELECT work_id FROM oa_replaced);
DELETE FROM works WHERE work_id IN (SELECT work_id FROM oa_replaced);

-- name: insert_works
INSERT INTO works (work_id, source, doi, title, abstract, year, pub_date, language, type, cited_by_count, version,
                   as_of, retrieved_at, synthetic, run_id, abstract_index_json)
SELECT 'openalex:' || coalesce(oa_short(r.id), r.id), 'openalex-snapshot', oa_doi(r.doi),
       CASE WHEN r.title IS NOT NULL AND r.title <> '' THEN r.title ELSE r.display_name END,
       NULL, r.publication_year, r.publication_date, r.language, r.type, r.cited_by_count, r.updated_date,
       coalesce(f.as_of, oa_day(r.updated_date, f.file_date), f.file_date), ?, coalesce(r.techties_synthetic, false), ?,
       CASE WHEN CAST(r.abstract_inverted_index AS VARCHAR) NOT IN ('null', '{}')
            THEN CAST(r.abstract_inverted_index AS VARCHAR) END
FROM oa_raw r JOIN oa_files f USING (filename)
WHERE r.id IS NOT NULL;

-- name: insert_authorships
-- One pass over the slots: only rows without a country carry a join key, so the resolved strings
-- (a small table) join only those (a second scan and a UNION ALL cost 0.2-0.4 CPU-s on 354k rows).
INSERT INTO authorships
SELECT a.work_id, a.position, a.author_id, a.author_name, a.institution_id, a.raw,
       coalesce(a.country_code, r.code),
       CASE WHEN a.country_code IS NULL AND r.code IS NOT NULL THEN 'string' ELSE a.country_method END
FROM oa_slots a LEFT JOIN oa_resolved r ON r.raw = CASE WHEN a.country_code IS NULL THEN a.raw END;

-- name: insert_institutions
INSERT OR REPLACE INTO institutions
SELECT i.institution_id, i.ror, i.name, NULL, coalesce(i.country_code, f.code), i.type, NULL, i.lineage_json, 'openalex'
FROM oa_inst i LEFT JOIN oa_inst_fill f USING (institution_id);

-- name: insert_fields
INSERT INTO work_fields
SELECT 'openalex:' || coalesce(oa_short(id), id), 'openalex-concept', c.display_name, c.score
FROM (SELECT id, unnest(concepts) AS c FROM oa_raw WHERE id IS NOT NULL)
WHERE c.display_name IS NOT NULL AND c.display_name <> ''
UNION ALL
SELECT 'openalex:' || coalesce(oa_short(id), id), 'openalex-topic', t.display_name, t.score
FROM (SELECT id, unnest(topics) AS t FROM oa_raw WHERE id IS NOT NULL)
WHERE t.display_name IS NOT NULL AND t.display_name <> ''
UNION ALL
SELECT 'openalex:' || coalesce(oa_short(r.id), r.id), 'openalex-subfield', r.topics[1].subfield.display_name,
       r.topics[1].score
FROM oa_raw r
WHERE r.id IS NOT NULL AND r.topics[1].subfield.display_name IS NOT NULL AND r.topics[1].subfield.display_name <> ''
UNION ALL
SELECT 'openalex:' || coalesce(oa_short(r.id), r.id), 'openalex-field', r.topics[1].field.display_name,
       r.topics[1].score
FROM oa_raw r
WHERE r.id IS NOT NULL AND r.topics[1].field.display_name IS NOT NULL AND r.topics[1].field.display_name <> '';

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
SELECT 'openalex:' || coalesce(oa_short(r.id), r.id), x.fid, x.name, x.award
FROM (SELECT * FROM g UNION ALL SELECT * FROM aw_new UNION ALL SELECT * FROM fu_new) x JOIN oa_raw r ON r.rowid = x.rid;

-- name: cleanup
DROP TABLE IF EXISTS oa_keys;
DROP TABLE IF EXISTS oa_losers;
DROP TABLE IF EXISTS oa_replaced;
DROP TABLE IF EXISTS oa_inst;
DROP TABLE IF EXISTS oa_slots;
DROP TABLE IF EXISTS oa_inst_fill;
DROP TABLE IF EXISTS oa_raw;
