-- title: Film admissions
-- question: What has each film done over all the loaded data: which programmes showed it, where, when, how often and to how many people?
-- grain: one row per film title, over all loaded data (a view takes no parameters, so the dashboard filters do not apply)
-- parameters: none
-- columns:
--   film_title: the film's title (text)
--   film_country: the production countries most often recorded for the title, e.g. IR;RU (text)
--   genre: the genre most often recorded for the title, or unknown (text)
--   programs: the programmes that showed it, in name order (list of text)
--   host_countries: ISO codes of the countries where it was shown (list of text)
--   first_screening: the first screening date (date)
--   last_screening: the last screening date (date)
--   screenings: sessions held (count)
--   admissions: admissions (people)
--   occupancy: admissions of the rows with known seats above zero divided by their seats (ratio, empty when no seats are known)

CREATE OR REPLACE VIEW film_admissions AS
SELECT
    film_title,
    mode(film_country) AS film_country,
    coalesce(mode(genre), 'unknown') AS genre,
    list(DISTINCT program ORDER BY program) AS programs,
    list(DISTINCT host_country ORDER BY host_country) AS host_countries,
    min(screening_date) AS first_screening,
    max(screening_date) AS last_screening,
    sum(sessions)::BIGINT AS screenings,
    sum(admissions)::BIGINT AS admissions,
    (
        sum(admissions) FILTER (WHERE seats > 0)
        / nullif(sum(seats) FILTER (WHERE seats > 0), 0)
    )::DOUBLE AS occupancy
FROM screening_facts
GROUP BY film_title
