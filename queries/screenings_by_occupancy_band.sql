-- title: Screening rows by occupancy band
-- question: How full were the halls, screening row by screening row?
-- grain: one row per 10-point occupancy band that has screening rows with known admissions and known seats above zero; 100% and over share the last band
-- parameters: start_date, end_date, programs, host_countries, film_countries
-- columns:
--   band_start: the lower edge of the band, 0.0 to 1.0 (ratio)
--   band_end: the upper edge of the band, exclusive except for the last (ratio)
--   screening_rows: screening rows whose admissions divided by seats fall in the band (count)
--   screenings: sessions of those rows (count)
-- pages: screenings

SELECT
    (band / 10)::DOUBLE AS band_start,
    ((band + 1) / 10)::DOUBLE AS band_end,
    sum(screening_rows)::BIGINT AS screening_rows,
    sum(screenings)::BIGINT AS screenings
FROM occupancy_band_days_in_scope($start_date, $end_date, $programs, $host_countries, $film_countries)
GROUP BY band
ORDER BY band
