-- title: Top films by admissions
-- question: Which films drew the most people?
-- grain: one row per film identity (a film of films.csv under all its titles, else a title of its own), the 15 with the most admissions; films whose admissions are unknown come last
-- parameters: start_date, end_date, programs, host_countries, film_countries
-- columns:
--   film_key: the film's key, its film_id or ~ and its title's key; the film page's link (text)
--   film_title: the film's name: its English title, else the original one, else the title most exported (text)
--   film_country: its production countries as most often exported (on a tie, the first in alphabetical order), separated by ; (text)
--   screenings: sessions held (count)
--   admissions: admissions, empty when none of its screenings has known admissions (people)
--   screenings_with_admissions: sessions whose admissions are known, out of screenings (count)
--   host_countries: countries where it was shown, separated by ; (text)
-- pages: screenings

SELECT
    film_key,
    film_title,
    film_country,
    screenings,
    admissions,
    screenings_with_admissions,
    host_countries
FROM film_listing($start_date, $end_date, $programs, $host_countries, $film_countries, [])
ORDER BY admissions DESC NULLS LAST, film_title ASC, film_key ASC
LIMIT 15
