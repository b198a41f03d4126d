-- title: Eurasian Film Academy agreements
-- question: Which agreements serve the Eurasian Film Academy or are academy agreements of any programme, and where do they stand?
-- grain: one row per agreement of type academy or of programme Eurasian Film Academy, proposed in the date range and naming a country of the host-country filter when one is given
-- parameters: start_date, end_date, host_countries
-- columns:
--   agreement_id: the agreement id (text)
--   title: the agreement (text)
--   agreement_type: its type (text)
--   program: the programme it serves (text)
--   status: its status today (text)
--   countries: the country codes, separated by ; (text)
--   proposed_date: the day it was proposed (date)
--   signed_date: the day it was signed (date)
--   end_date: the day it ends (date)
--   value_usd: its declared value (US dollars)
-- pages: regional

SELECT
    agreement_id,
    title,
    agreement_type,
    program,
    status,
    array_to_string(countries, ';') AS countries,
    proposed_date,
    signed_date,
    end_date,
    value_usd::DOUBLE AS value_usd
FROM agreements_proposed_in($start_date, $end_date, [], $host_countries)
WHERE agreement_type = 'academy' OR program = 'Eurasian Film Academy'
ORDER BY proposed_date DESC, agreement_id ASC
