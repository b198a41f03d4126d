-- title: Days from proposal to signature by agreement type
-- question: How long does it take from proposing an agreement to signing it, overall and for each type?
-- grain: one row per agreement type with agreements signed in the date range, and one row for all types together
-- parameters: start_date, end_date, programs, host_countries
-- columns:
--   agreement_type: the type, blank on the row for all types (text)
--   all_types: true on the row for all types together (boolean)
--   agreements_signed: agreements signed in the date range (count)
--   median_days: the median of the days from proposed_date to signed_date; with an even count, the mean of the middle two (days)
--   shortest_days: the fewest days from proposal to signature (days)
--   longest_days: the most days from proposal to signature (days)
-- pages: agreements

WITH signed AS (
    SELECT
        agreement_type,
        date_diff('day', proposed_date, signed_date) AS days
    FROM agreements_signed_in($start_date, $end_date, $programs, $host_countries)
)

SELECT
    agreement_type,
    grouping(agreement_type) = 1 AS all_types,
    count(*)::BIGINT AS agreements_signed,
    median(days)::DOUBLE AS median_days,
    min(days)::BIGINT AS shortest_days,
    max(days)::BIGINT AS longest_days
FROM signed
GROUP BY GROUPING SETS ((agreement_type), ())
HAVING count(*) > 0
ORDER BY all_types DESC, median_days ASC, agreement_type ASC
