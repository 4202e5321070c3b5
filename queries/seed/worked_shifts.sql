-- Gate shifts already held in a compound, (person, start, end) by start, so their rest and hours carry over.
SELECT a.person_id, s.starts_at, s.ends_at FROM shift_assignment a JOIN gate_shift s ON s.id = a.shift_id
JOIN gate g ON g.id = s.gate_id WHERE g.compound_id = $compound_id ORDER BY s.starts_at
