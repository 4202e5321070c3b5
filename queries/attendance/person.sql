-- One person as the attendance rules see them: compound, status and gate eligibility.
SELECT p.id, p.compound_id, p.name, p.tier, p.group_code, p.status, p.status_since,
       coalesce(g.gate_eligible, FALSE) AS gate_eligible
FROM person p LEFT JOIN person_group g ON g.code = p.group_code
WHERE p.id = $person_id
