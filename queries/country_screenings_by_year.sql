-- title: A country's screenings by year
-- question: Year by year, how many screenings did this country host and how many people came, and how far did its own films travel?
-- grain: one row per year (of the calendar chosen) in which the country $country_key hosted a screening or had a film shown elsewhere; the other dashboard filters do not apply
-- parameters: country_key, calendar
-- columns:
--   year: the year, Gregorian or Solar Hijri as $calendar says (year)
--   hosted_screenings: sessions held in the country (count)
--   hosted_admissions: admissions at those sessions, empty when none is known (people)
--   hosted_screenings_with_admissions: those sessions whose admissions are known (count)
--   film_screenings_abroad: sessions of its films in other countries (count)
--   film_admissions_abroad: admissions at those sessions, empty when none is known (people)
--   film_screenings_abroad_with_admissions: those sessions whose admissions are known (count)
-- pages: country

WITH days_of_country AS (
    SELECT
        CASE WHEN $calendar = 'jalali' THEN jyear ELSE year END AS year,
        host_country = $country_key AS hosted,
        screenings,
        admissions,
        screenings_with_admissions
    FROM film_day_facts
    WHERE
        host_country = $country_key
        OR (list_contains(film_countries, $country_key) AND host_country <> $country_key)
)

SELECT
    year,
    coalesce(sum(screenings) FILTER (WHERE hosted), 0)::BIGINT AS hosted_screenings,
    (sum(admissions) FILTER (WHERE hosted))::BIGINT AS hosted_admissions,
    coalesce(sum(screenings_with_admissions) FILTER (WHERE hosted), 0)::BIGINT AS hosted_screenings_with_admissions,
    coalesce(sum(screenings) FILTER (WHERE NOT hosted), 0)::BIGINT AS film_screenings_abroad,
    (sum(admissions) FILTER (WHERE NOT hosted))::BIGINT AS film_admissions_abroad,
    coalesce(sum(screenings_with_admissions) FILTER (WHERE NOT hosted), 0)::BIGINT AS film_screenings_abroad_with_admissions
FROM days_of_country
GROUP BY year
ORDER BY year
