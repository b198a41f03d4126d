-- title: Co-productions of the focus pair
-- question: Which films made together by the focus pair were shown, where, and how many people saw them?
-- grain: one row per film identity (a film of films.csv under all its titles, else a title of its own) whose production countries hold both countries of the focus pair
-- parameters: start_date, end_date, programs, host_countries, film_countries, country_a, country_b
-- columns:
--   film_key: the film's key, its film_id or ~ and its title's key; the film page's link (text)
--   film_title: the film's name: its English title, else the original one, else the title most exported (text)
--   film_country: its production countries as most often exported (on a tie, the first in alphabetical order), separated by ; (text)
--   first_screening: the first screening in the selection (date)
--   screenings: sessions held (count)
--   admissions: admissions, empty when none of its screenings has known admissions (people)
--   screenings_with_admissions: sessions whose admissions are known, out of screenings (count)
--   host_countries: countries where it was shown, separated by ; (text)
-- pages: exchange

-- A co-production of the focus pair is a film whose production countries hold both (exchange_direction's
-- 'co-production').
SELECT
    film_key,
    film_title,
    film_country,
    first_screening,
    screenings,
    admissions,
    screenings_with_admissions,
    host_countries
FROM film_listing($start_date, $end_date, $programs, $host_countries, $film_countries, [$country_a, $country_b])
ORDER BY admissions DESC NULLS LAST, film_title ASC, film_key ASC
