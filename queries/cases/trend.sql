-- The case log of one compound up to a date, oldest first: every count, the running total of cases, and the note.
SELECT report_date, new_cases, coalesce(new_suspected, 0) AS new_suspected, coalesce(close_contacts, 0) AS close_contacts,
       hospitalised, central_quarantine, awaiting_placement, sum(new_cases) OVER (ORDER BY report_date) AS total_cases, note
FROM case_report
WHERE compound_id = $compound_id AND report_date <= $until
ORDER BY report_date
