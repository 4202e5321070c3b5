-- People of one compound who are not active (sick, quarantined, left), newest change first.
SELECT p.id, p.name, p.tier, p.group_code, p.status, p.status_since, p.status_note
FROM person p
WHERE p.compound_id = $compound_id AND p.status <> 'active'
ORDER BY p.status_since DESC NULLS LAST, p.name
