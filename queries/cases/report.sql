-- One compound's report of one day, as a correction reads it before changing it.
SELECT compound_id, report_date, new_cases, new_suspected, close_contacts, hospitalised, central_quarantine,
       awaiting_placement, note
FROM case_report
WHERE compound_id = $compound_id AND report_date = $day
