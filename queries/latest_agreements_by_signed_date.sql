-- title: Latest agreements signed
-- question: Which agreements were signed most recently in the date range, for the chosen programmes and countries?
-- grain: one row per agreement signed in the range, latest first, at most 10
-- parameters: start_date, end_date, programs, host_countries
-- columns:
--   signed_date: the day it was signed (date)
--   title: the agreement (text)
--   agreement_type: memorandum, co-production, ... (text)
--   program: the programme it serves (text)
--   countries: the countries it involves, separated by ; (text)
--   status: its status today (text)
--   lead_office: the office responsible (text)
-- pages: overview

SELECT
    signed_date,
    title,
    agreement_type,
    program,
    array_to_string(countries, ';') AS countries,
    status,
    lead_office
FROM agreements_signed_in($start_date, $end_date, $programs, $host_countries)
ORDER BY signed_date DESC, agreement_id ASC
LIMIT 10
