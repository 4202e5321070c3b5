-- A corrected day's case report of one compound (every count and the note, as given).
UPDATE case_report
SET new_cases = $new_cases, new_suspected = $new_suspected, close_contacts = $close_contacts,
    hospitalised = $hospitalised, central_quarantine = $central_quarantine, awaiting_placement = $awaiting_placement,
    note = $note
WHERE compound_id = $compound_id AND report_date = $day
