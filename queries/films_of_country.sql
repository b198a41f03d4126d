-- title: A country's films
-- question: Which films made in this country (alone or as a co-production) were shown, where, and how many people saw them?
-- grain: one row per film identity whose production countries hold $country_key, most admissions first; the dashboard filters do not apply
-- parameters: country_key
-- columns:
--   film_key: the film's key, for its own page (text)
--   film_title: the film's name (text)
--   film_country: its production countries as most often exported (on a tie, the first in alphabetical order), separated by ; (text)
--   screenings: sessions held (count)
--   admissions: admissions, empty when none is known (people)
--   screenings_with_admissions: sessions whose admissions are known (count)
--   host_countries: where it was shown, separated by ; (text)
-- pages: country

SELECT
    film_key,
    film_title,
    film_country,
    screenings,
    admissions,
    screenings_with_admissions,
    host_countries
FROM film_listing(NULL, NULL, [], [], [], [$country_key])
ORDER BY admissions DESC NULLS LAST, screenings DESC, film_title ASC
