-- One compound's newest report before a day: a new day's counts of people placed carry on from it.
SELECT hospitalised, central_quarantine, awaiting_placement
FROM case_report
WHERE compound_id = $compound_id AND report_date < $day
ORDER BY report_date DESC
LIMIT 1
