-- Change the accepted-rule reason stored with an assignment.
UPDATE shift_assignment SET accepted_reason = $accepted_reason WHERE shift_id = $shift_id AND person_id = $person_id
