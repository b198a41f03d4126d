-- title: Film admissions
-- question: What has each film done over all the loaded data: which programmes showed it, where, when, how often and to how many people?
-- grain: one row per film identity with screenings (a film of films.csv under all its titles, else a title of its own), over all loaded data (a view takes no parameters, so the dashboard filters do not apply)
-- parameters: none
-- columns:
--   film_key: the film's key, its film_id or ~ and its title's key (text)
--   film_title: the film's name: its English title, else the original one, else the title most exported (text)
--   film_country: the production countries most often recorded for the film, e.g. IR;RU (text)
--   genre: the genre most often recorded for the film, or unknown (text)
--   programs: the programmes that showed it, in name order (list of text)
--   host_countries: ISO codes of the countries where it was shown (list of text)
--   first_screening: the first screening date (date)
--   last_screening: the last screening date (date)
--   screenings: sessions held (count)
--   admissions: admissions, empty when none of its screenings has known admissions (people)
--   screenings_with_admissions: sessions whose admissions are known, out of screenings (count)
--   occupancy: admissions of the rows with known admissions and known seats above zero divided by their seats (ratio, empty when there are none)

CREATE OR REPLACE VIEW film_admissions AS
SELECT
    screening_facts.film_key,
    any_value(film_identities.film_title) AS film_title,
    mode(screening_facts.film_country) AS film_country,
    coalesce(mode(screening_facts.genre), 'unknown') AS genre,
    list(DISTINCT screening_facts.program ORDER BY screening_facts.program) AS programs,
    list(DISTINCT screening_facts.host_country ORDER BY screening_facts.host_country) AS host_countries,
    min(screening_facts.screening_date) AS first_screening,
    max(screening_facts.screening_date) AS last_screening,
    sum(screening_facts.sessions)::BIGINT AS screenings,
    sum(screening_facts.admissions)::BIGINT AS admissions,
    screenings_with_admissions(screening_facts.sessions, screening_facts.admissions) AS screenings_with_admissions,
    occupancy(screening_facts.admissions, screening_facts.seats) AS occupancy
FROM screening_facts
INNER JOIN film_identities ON screening_facts.film_key = film_identities.film_key
GROUP BY screening_facts.film_key
