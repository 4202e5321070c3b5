-- Daily case reports of one compound up to a date, oldest first, with the running total of cases.
SELECT report_date, new_cases, hospitalised, central_quarantine, awaiting_placement,
       sum(new_cases) OVER (ORDER BY report_date) AS total_cases
FROM case_report
WHERE compound_id = $compound_id AND report_date <= $until
ORDER BY report_date
