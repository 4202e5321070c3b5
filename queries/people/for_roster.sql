-- The people of one compound as the roster rules see them: tier, group, status and gate eligibility.
SELECT p.id, p.name, p.tier, p.group_code, p.status, p.status_since, coalesce(g.gate_eligible, FALSE) AS gate_eligible
FROM person p LEFT JOIN person_group g ON g.code = p.group_code
WHERE p.compound_id = $compound_id
ORDER BY p.id
