-- title: SCO Filmmakers Working Group participation by member and year
-- question: Year by year, which SCO member states hosted the working-group screenings and which had their films shown?
-- grain: one row per SCO member state (countries whose groups hold SCO) and calendar year with working-group screenings in the period; counts are zero and admissions empty when the member took no part that year
-- parameters: start_date, end_date, host_countries, film_countries, calendar
-- columns:
--   country: ISO code of the member state (text)
--   country_name: its English name (text)
--   year: calendar year of the screenings; with calendar jalali, the Solar Hijri year (from Nowruz) (year)
--   hosted_screenings: sessions held in the member state (count)
--   hosted_admissions: admissions in the member state, empty when none of its screenings has known admissions (or it hosted none) (people)
--   hosted_screenings_with_admissions: sessions held in the member state whose admissions are known (count)
--   film_screenings: sessions showing a film produced or co-produced by the member state (count)
--   films: distinct films from the member state shown, a film under several titles counted once (count)
--   took_part: true when the member hosted or had a film shown that year (boolean)
-- pages: regional

WITH members AS (
    SELECT
        code AS country,
        name_en AS country_name
    FROM countries
    WHERE list_contains(groups, 'SCO')
),

program_days AS (
    SELECT
        CASE WHEN $calendar = 'jalali' THEN jyear ELSE year END AS year,
        host_country,
        film_countries,
        film_key,
        screenings,
        admissions,
        screenings_with_admissions
    FROM film_days_in_scope($start_date, $end_date, ['SCO Filmmakers Working Group'], $host_countries, $film_countries)
),

years AS (
    SELECT DISTINCT year
    FROM program_days
),

hosted AS (
    SELECT
        host_country AS country,
        year,
        sum(screenings) AS hosted_screenings,
        sum(admissions) AS hosted_admissions,
        sum(screenings_with_admissions) AS hosted_screenings_with_admissions
    FROM program_days
    GROUP BY host_country, year
),

film_rows AS (
    SELECT
        year,
        film_key,
        screenings,
        unnest(film_countries) AS country
    FROM program_days
),

shown AS (
    SELECT
        country,
        year,
        sum(screenings) AS film_screenings,
        count(DISTINCT film_key) AS films
    FROM film_rows
    GROUP BY country, year
)

SELECT
    members.country,
    members.country_name,
    years.year,
    coalesce(hosted.hosted_screenings, 0)::BIGINT AS hosted_screenings,
    hosted.hosted_admissions::BIGINT AS hosted_admissions,
    coalesce(hosted.hosted_screenings_with_admissions, 0)::BIGINT AS hosted_screenings_with_admissions,
    coalesce(shown.film_screenings, 0)::BIGINT AS film_screenings,
    coalesce(shown.films, 0)::BIGINT AS films,
    (hosted.country IS NOT NULL OR shown.country IS NOT NULL) AS took_part
FROM members
CROSS JOIN years
LEFT JOIN hosted ON members.country = hosted.country AND years.year = hosted.year
LEFT JOIN shown ON members.country = shown.country AND years.year = shown.year
ORDER BY members.country ASC, years.year ASC
