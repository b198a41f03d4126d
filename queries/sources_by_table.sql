-- title: Sources by table
-- question: Where do the rows of each table come from (a register, a ticketing system, a press line-up), and which period does each source cover?
-- grain: one row per table and value of its source column (empty when the rows do not say), for every table with rows
-- parameters: none
-- columns:
--   table_name: screenings, attendance, agreements, targets, films or releases (text)
--   source: the source as exported, empty when not stated (text)
--   row_count: rows loaded (count)
--   files: the files they were read from, separated by ; (text)
--   first_date: the first screening, proposal or release date of those rows, empty for tables without dates (date)
--   last_date: the last such date (date)
-- pages: data_quality, analyst

SELECT
    table_name,
    source,
    sum(row_count)::BIGINT AS row_count,
    string_agg(DISTINCT source_file, ';' ORDER BY source_file) AS files,
    min(first_date) AS first_date,
    max(last_date) AS last_date
FROM source_facts
GROUP BY table_name, source
ORDER BY table_name ASC, row_count DESC, source ASC NULLS LAST
