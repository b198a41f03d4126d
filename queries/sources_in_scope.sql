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

WITH selected_screenings AS (
    SELECT
        screening_id,
        source,
        screening_date
    FROM screenings_in_scope($start_date, $end_date, $programs, $host_countries, $film_countries)
),

sourced AS (
    SELECT
        'screenings' AS table_name,
        source,
        screening_date AS day
    FROM selected_screenings
    UNION ALL
    SELECT
        'attendance' AS table_name,
        attendance.source,
        NULL::DATE AS day
    FROM attendance
    INNER JOIN selected_screenings ON attendance.screening_id = selected_screenings.screening_id
    UNION ALL
    -- Releases have no programme: the programme filter does not reach them (data contract section 9).
    SELECT
        'releases' AS table_name,
        source,
        release_date AS day
    FROM releases_in_scope($start_date, $end_date, $host_countries, $film_countries)
    UNION ALL
    -- Agreements: the programmes and host countries chosen; which of their dates applies differs from chart to chart.
    SELECT
        'agreements' AS table_name,
        source,
        proposed_date AS day
    FROM agreements_in_scope($programs, $host_countries)
)

SELECT
    table_name,
    source,
    count(*)::BIGINT AS row_count,
    min(day) AS first_date,
    max(day) AS last_date
FROM sourced
WHERE source IS NOT NULL
GROUP BY table_name, source
ORDER BY table_name ASC, row_count DESC, source ASC
