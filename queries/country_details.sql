-- title: Country details
-- question: What does the data hold about this country: its names and groups, the screenings it hosted and the people who came, its films shown elsewhere, its agreements and releases?
-- grain: one row for the country $country_key (none when the reference list has no such code); the dashboard filters do not apply: a country's page shows its whole record
-- parameters: country_key
-- columns:
--   country: ISO code (text)
--   name_en: its English name (text)
--   name_fa: its Persian name (text)
--   name_ru: its Russian name (text)
--   country_groups: the groups it belongs to in the reference list (SCO, CASPIAN...), separated by ; (text)
--   hosted_screenings: sessions held in the country (count)
--   hosted_admissions: admissions at those sessions, empty when none is known (people)
--   hosted_screenings_with_admissions: sessions in the country whose admissions are known (count)
--   hosted_films: distinct films shown in the country (count)
--   film_screenings_abroad: sessions of its films held in other countries (count)
--   film_admissions_abroad: admissions at those sessions, empty when none is known (people)
--   film_screenings_abroad_with_admissions: those sessions whose admissions are known (count)
--   films_made: distinct films it (co-)produced that were shown anywhere (count)
--   agreements: agreements that name the country (count)
--   releases_in_market: national releases in its market (count)
--   releases_of_its_films: releases of its films in other markets (count)
--   first_screening: the first day it hosted a screening (date)
--   last_screening: the last day it hosted a screening (date)
-- pages: country

WITH country AS (
    SELECT *
    FROM countries
    WHERE code = $country_key
),

hosted AS (
    SELECT
        sum(screenings) AS screenings,
        sum(admissions) AS admissions,
        coalesce(sum(screenings_with_admissions), 0)::BIGINT AS screenings_with_admissions,
        count(DISTINCT film_key) AS films,
        min(screening_date) AS first_screening,
        max(screening_date) AS last_screening
    FROM film_day_facts
    WHERE host_country = $country_key
),

abroad AS (
    SELECT
        sum(screenings) AS screenings,
        sum(admissions) AS admissions,
        coalesce(sum(screenings_with_admissions), 0)::BIGINT AS screenings_with_admissions
    FROM film_day_facts
    WHERE list_contains(film_countries, $country_key) AND host_country <> $country_key
),

made AS (
    SELECT count(DISTINCT film_key) AS films
    FROM film_day_facts
    WHERE list_contains(film_countries, $country_key)
),

named AS (
    SELECT count(*) AS agreements
    FROM agreements
    WHERE list_contains(countries, $country_key)
),

released AS (
    SELECT
        count(*) FILTER (WHERE host_country = $country_key) AS in_market,
        count(*) FILTER (WHERE list_contains(film_countries, $country_key) AND host_country <> $country_key) AS of_its_films
    FROM release_facts
)

SELECT
    country.code AS country,
    country.name_en,
    country.name_fa,
    country.name_ru,
    array_to_string(country.groups, ';') AS country_groups,
    coalesce(hosted.screenings, 0)::BIGINT AS hosted_screenings,
    hosted.admissions::BIGINT AS hosted_admissions,
    hosted.screenings_with_admissions AS hosted_screenings_with_admissions,
    hosted.films AS hosted_films,
    coalesce(abroad.screenings, 0)::BIGINT AS film_screenings_abroad,
    abroad.admissions::BIGINT AS film_admissions_abroad,
    abroad.screenings_with_admissions AS film_screenings_abroad_with_admissions,
    made.films AS films_made,
    named.agreements,
    released.in_market AS releases_in_market,
    released.of_its_films AS releases_of_its_films,
    hosted.first_screening,
    hosted.last_screening
FROM country
CROSS JOIN hosted
CROSS JOIN abroad
CROSS JOIN made
CROSS JOIN named
CROSS JOIN released
