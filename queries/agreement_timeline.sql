-- title: Agreement timeline
-- question: When was each agreement proposed, when was it signed, and when does it end?
-- grain: one row per agreement proposed in the date range, earliest proposal first
-- parameters: start_date, end_date, programs, host_countries
-- columns:
--   agreement_id: the agreement id (text)
--   title: the agreement (text)
--   agreement_type: its type (text)
--   program: the programme it serves, blank when none (text)
--   status: its status today (text)
--   proposed_date: the day it was proposed (date)
--   signed_date: the day it was signed, blank when not signed (date)
--   end_date: the day it ends, blank when open-ended or unknown (date)
-- pages: agreements

SELECT
    agreement_id,
    title,
    agreement_type,
    program,
    status,
    proposed_date,
    signed_date,
    end_date
FROM agreements_proposed_in($start_date, $end_date, $programs, $host_countries)
ORDER BY proposed_date, agreement_id
