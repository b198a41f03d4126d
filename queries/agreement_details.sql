-- title: Agreement details
-- question: What is this agreement, who signed it, where does it stand, and what did its programme show in its countries since it was proposed?
-- grain: one row for the agreement $agreement_key (none when there is no such agreement); the dashboard filters do not apply
-- parameters: agreement_key
-- columns:
--   agreement_id: the agreement id (text)
--   title: the agreement (text)
--   agreement_type: its type (text)
--   program: the programme it serves (text)
--   parties: the organisations, separated by ; (text)
--   countries: the country codes it names, separated by ; (text)
--   status: its status today (text)
--   proposed_date: the day it was proposed (date)
--   signed_date: the day it was signed (date)
--   end_date: the day it ends (date)
--   value_usd: its declared value (USD)
--   lead_office: the office responsible (text)
--   days_to_signature: days from proposal to signature, empty while unsigned (days)
--   overdue: stalled, or still open after its end date (boolean)
--   program_screenings: sessions of its programme in its countries from its proposed date on (count)
--   program_admissions: admissions at those sessions, empty when none is known (people)
--   program_screenings_with_admissions: those sessions whose admissions are known (count)
--   source: where the row came from, as exported (text)
-- pages: agreement

WITH agreement AS (
    SELECT *
    FROM agreements
    WHERE agreement_id = $agreement_key
),

shown AS (
    SELECT
        sum(facts.screenings) AS screenings,
        sum(facts.admissions) AS admissions,
        coalesce(sum(facts.screenings_with_admissions), 0)::BIGINT AS screenings_with_admissions
    FROM agreement_film_days($agreement_key) AS facts
)

SELECT
    agreement.agreement_id,
    agreement.title,
    agreement.agreement_type,
    agreement.program,
    array_to_string(agreement.parties, ';') AS parties,
    array_to_string(agreement.countries, ';') AS countries,
    agreement.status,
    agreement.proposed_date,
    agreement.signed_date,
    agreement.end_date,
    agreement.value_usd,
    agreement.lead_office,
    date_diff('day', agreement.proposed_date, agreement.signed_date) AS days_to_signature,
    agreement.status = 'stalled' OR agreement_is_overdue(agreement.end_date, agreement.status, current_date) AS overdue,
    coalesce(shown.screenings, 0)::BIGINT AS program_screenings,
    shown.admissions::BIGINT AS program_admissions,
    shown.screenings_with_admissions AS program_screenings_with_admissions,
    agreement.source
FROM agreement
CROSS JOIN shown
