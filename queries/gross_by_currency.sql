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

SELECT
    CASE WHEN with_gross THEN currency ELSE 'no gross' END AS currency,
    sum(attendance_rows)::BIGINT AS attendance_rows,
    sum(admissions)::BIGINT AS admissions,
    sum(attendance_rows_with_admissions)::BIGINT AS attendance_rows_with_admissions,
    sum(gross) AS gross
FROM gross_days_in_scope($start_date, $end_date, $programs, $host_countries, $film_countries)
GROUP BY CASE WHEN with_gross THEN currency ELSE 'no gross' END
ORDER BY admissions DESC NULLS LAST, currency ASC
