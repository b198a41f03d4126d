-- title: Agreements of a film's programmes
-- question: Under which agreements were this film's screenings held: the agreements of the programmes that showed it?
-- grain: one row per agreement whose programme showed the film identity $film_key, over all the data (the dashboard filters do not apply)
-- parameters: film_key
-- columns:
--   program: the programme that showed the film (text)
--   film_screenings: sessions of the film in that programme (count)
--   agreement_id: the agreement id (text)
--   title: the agreement (text)
--   agreement_type: its type (text)
--   status: its status today (text)
--   countries: the country codes, separated by ; (text)
--   proposed_date: the day it was proposed (date)
--   signed_date: the day it was signed (date)
--   end_date: the day it ends (date)
-- pages: film

WITH film_programs AS (
    SELECT
        program,
        sum(screenings) AS film_screenings
    FROM film_day_facts
    WHERE film_key = $film_key
    GROUP BY program
)

SELECT
    film_programs.program,
    film_programs.film_screenings::BIGINT AS film_screenings,
    agreements.agreement_id,
    agreements.title,
    agreements.agreement_type,
    agreements.status,
    array_to_string(agreements.countries, ';') AS countries,
    agreements.proposed_date,
    agreements.signed_date,
    agreements.end_date
FROM film_programs
INNER JOIN agreements ON film_programs.program = agreements.program
ORDER BY film_programs.program ASC, agreements.proposed_date ASC, agreements.agreement_id ASC
