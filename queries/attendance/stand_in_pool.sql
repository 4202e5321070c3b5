-- A compound's active people eligible for gate duty, by name: whom a gate lead may pick as a stand-in.
SELECT p.id AS person_id, p.name, p.tier, p.group_code
FROM person p JOIN person_group g ON g.code = p.group_code
WHERE p.compound_id = $compound_id AND p.status = 'active' AND g.gate_eligible
ORDER BY p.name, p.id
