-- title: Agreement register
-- question: Which agreements were proposed in the period, with every detail the export holds?
-- grain: one row per agreement proposed in the date range, latest proposal first
-- parameters: start_date, end_date, programs, host_countries
-- columns:
--   agreement_id: the agreement id (text)
--   title: the agreement (text)
--   agreement_type: its type (text)
--   program: the programme it serves (text)
--   status: its status today (text)
--   parties: the organisations, separated by ; (text)
--   countries: the country codes, separated by ; (text)
--   proposed_date: the day it was proposed (date)
--   signed_date: the day it was signed (date)
--   end_date: the day it ends (date)
--   value_usd: its declared value (US dollars)
--   lead_office: the office responsible (text)
-- pages: agreements, regional

SELECT
    agreement_id,
    title,
    agreement_type,
    program,
    status,
    array_to_string(parties, '; ') AS parties,
    array_to_string(countries, ';') AS countries,
    proposed_date,
    signed_date,
    end_date,
    value_usd::DOUBLE AS value_usd,
    lead_office
FROM agreements_proposed_in($start_date, $end_date, $programs, $host_countries)
ORDER BY proposed_date DESC, agreement_id ASC
