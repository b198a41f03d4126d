-- title: Films released between the focus pair
-- question: Which films of A were released in B's cinemas and of B in A's, in which year, by whom, with what box office and what share of the host market?
-- grain: one row per year of release_date, direction (A→B, B→A or co-production), film identity, host country and currency, for releases inside the focus pair; most gross first
-- parameters: start_date, end_date, host_countries, film_countries, country_a, country_b, calendar
-- columns:
--   year: calendar year of release_date; with calendar jalali, the Solar Hijri year (from Nowruz) (year)
--   direction: A→B, B→A or co-production, e.g. IR→RU (text)
--   film_key: the film's key, its film_id or ~ and its title's key; the film page's link (text)
--   film_title: the film's name: its English title, else the original one, else the title most exported (text)
--   host_country: ISO code of the market (text)
--   first_release: the first release_date (date)
--   releases: releases, one per licence or certificate (count)
--   distributors: the distributors named, separated by ; (text)
--   currency: ISO 4217 code of the gross, empty when unknown (text)
--   gross: the sum of the known gross, empty when none is known (currency units)
--   share_of_host_gross: gross divided by the known gross of all releases of the host country, year and currency in the data (ratio)
--   admissions: admissions, empty when no release gives them (people)
-- pages: exchange, analyst

WITH by_film AS (
    SELECT
        CASE WHEN $calendar = 'jalali' THEN jyear ELSE year END AS year,
        direction,
        film_key,
        host_country,
        currency,
        min(release_date) AS first_release,
        count(*) AS releases,
        string_agg(DISTINCT distributor, ';' ORDER BY distributor) AS distributors,
        sum(gross) AS gross,
        sum(admissions) AS admissions
    FROM directed_releases($start_date, $end_date, $host_countries, $film_countries, $country_a, $country_b)
    GROUP BY ALL
),

shared AS (
    SELECT
        by_film.*,
        share_of_market(by_film.gross, market.gross) AS share_of_host_gross
    FROM by_film
    LEFT JOIN host_markets($calendar) AS market  -- noqa: RF02
        ON
            by_film.host_country = market.host_country
            AND by_film.year = market.year
            AND by_film.currency = market.currency
)

SELECT
    by_film.year,
    by_film.direction,
    by_film.film_key,
    film_identities.film_title,
    by_film.host_country,
    by_film.first_release,
    by_film.releases::BIGINT AS releases,
    by_film.distributors,
    by_film.currency,
    by_film.gross,
    by_film.share_of_host_gross,
    by_film.admissions::BIGINT AS admissions
FROM shared AS by_film
INNER JOIN film_identities ON by_film.film_key = film_identities.film_key
ORDER BY by_film.year ASC, by_film.direction ASC, by_film.gross DESC NULLS LAST, film_identities.film_title ASC
