-- title: A country's agreements
-- question: Which agreements name this country, with whom, and where do they stand today?
-- grain: one row per agreement whose countries hold $country_key, the latest proposed first; the dashboard filters do not apply
-- parameters: country_key
-- columns:
--   agreement_id: the agreement id, for its own page (text)
--   title: the agreement (text)
--   agreement_type: its type (text)
--   program: the programme it serves (text)
--   status: its status today (text)
--   countries: the country codes it names, separated by ; (text)
--   proposed_date: the day it was proposed (date)
--   signed_date: the day it was signed (date)
--   end_date: the day it ends (date)
-- pages: country

SELECT
    agreement_id,
    title,
    agreement_type,
    program,
    status,
    array_to_string(countries, ';') AS countries,
    proposed_date,
    signed_date,
    end_date
FROM agreements
WHERE list_contains(countries, $country_key)
ORDER BY proposed_date DESC, agreement_id ASC
