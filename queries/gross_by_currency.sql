-- title: Gross by currency
-- question: How much did the screenings take at the box office, in each currency (amounts in different currencies are never added)?
-- grain: one row per currency of the attendance rows of the selection; rows without gross are counted under "no gross"
-- parameters: start_date, end_date, programs, host_countries, film_countries
-- columns:
--   currency: ISO 4217 code, or "no gross" (text)
--   attendance_rows: ticket-type rows (count)
--   admissions: admissions on those rows, empty when none of them has admissions (people)
--   attendance_rows_with_admissions: ticket-type rows whose admissions are given, out of attendance_rows (count)
--   gross: the amount taken, in that currency (currency units)
-- pages: screenings

WITH scope AS (
    SELECT screening_id
    FROM screenings_in_scope($start_date, $end_date, $programs, $host_countries, $film_countries)
)

SELECT
    CASE WHEN attendance.gross IS NULL THEN 'no gross' ELSE attendance.currency END AS currency,
    count(*)::BIGINT AS attendance_rows,
    sum(attendance.admissions)::BIGINT AS admissions,
    count(attendance.admissions)::BIGINT AS attendance_rows_with_admissions,
    sum(attendance.gross) AS gross
FROM attendance
INNER JOIN scope ON attendance.screening_id = scope.screening_id
GROUP BY CASE WHEN attendance.gross IS NULL THEN 'no gross' ELSE attendance.currency END
ORDER BY admissions DESC NULLS LAST, currency ASC
