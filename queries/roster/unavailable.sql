-- Declared unavailability of the compound's people overlapping [from, to): who, when, why.
SELECT a.id, a.person_id, a.starts_at, a.ends_at, a.note
FROM availability a JOIN person p ON p.id = a.person_id
WHERE p.compound_id = $compound_id AND NOT a.available AND a.starts_at < $to AND a.ends_at > $from
ORDER BY a.person_id, a.starts_at
