-- A day's case report of one compound.
INSERT INTO case_report (compound_id, report_date, new_cases, new_suspected, close_contacts, hospitalised,
                         central_quarantine, awaiting_placement, note)
VALUES ($compound_id, $day, $new_cases, $new_suspected, $close_contacts, $hospitalised, $central_quarantine,
        $awaiting_placement, $note)
