-- title: An agreement's programme by year
-- question: Year by year since it was proposed, how many screenings did the agreement's programme hold in its countries, and how many people came?
-- grain: one row per year (of the calendar chosen) and host country among the agreement's countries, from its proposed date on; the dashboard filters do not apply
-- parameters: agreement_key, calendar
-- columns:
--   year: the year, Gregorian or Solar Hijri as $calendar says (year)
--   host_country: ISO code of the country that hosted the screenings (text)
--   screenings: sessions held (count)
--   admissions: admissions, empty when none is known (people)
--   screenings_with_admissions: sessions whose admissions are known (count)
-- pages: agreement

SELECT
    CASE WHEN $calendar = 'jalali' THEN jyear ELSE year END AS year,
    host_country,
    sum(screenings)::BIGINT AS screenings,
    sum(admissions)::BIGINT AS admissions,
    coalesce(sum(screenings_with_admissions), 0)::BIGINT AS screenings_with_admissions
FROM agreement_film_days($agreement_key)
GROUP BY 1, 2
ORDER BY 1, 2
