-- title: Sources of the rows in the selection
-- question: Where do the screenings, ticket rows, releases and agreements that the filters select come from?
-- grain: one row per table and source named by the selected rows (rows that name no source are left out)
-- parameters: start_date, end_date, programs, host_countries, film_countries
-- columns:
--   table_name: screenings, attendance, releases or agreements (text)
--   source: the source as exported (text)
--   row_count: selected rows that name it (count)
--   first_date: the first screening, release or proposal date of those rows, empty for ticket rows (date)
--   last_date: the last such date (date)
-- pages: overview, screenings, exchange, agreements, regional

WITH sourced AS (
    -- Screening rows and their ticket rows, from their pre-aggregated counts (source_day_facts): a ticket row has no
    -- date of its own.
    SELECT
        table_name,
        source,
        row_count,
        CASE WHEN table_name = 'screenings' THEN screening_date END AS day
    FROM source_days_in_scope($start_date, $end_date, $programs, $host_countries, $film_countries)
    UNION ALL
    -- Releases have no programme: the programme filter does not reach them (data contract section 9).
    SELECT
        'releases' AS table_name,
        source,
        1 AS row_count,
        release_date AS day
    FROM releases_in_scope($start_date, $end_date, $host_countries, $film_countries)
    UNION ALL
    -- Agreements: the programmes and host countries chosen; which of their dates applies differs from chart to chart.
    SELECT
        'agreements' AS table_name,
        source,
        1 AS row_count,
        proposed_date AS day
    FROM agreements_in_scope($programs, $host_countries)
)

SELECT
    table_name,
    source,
    sum(row_count)::BIGINT AS row_count,
    min(day) AS first_date,
    max(day) AS last_date
FROM sourced
WHERE source IS NOT NULL
GROUP BY table_name, source
ORDER BY table_name ASC, row_count DESC, source ASC
