-- Who serves each building of one compound: the person, their tier, group, status in force on the day shown, phone and role.
WITH today AS (
    -- the day shown: the dataset's "as of" date, else today in Asia/Shanghai (as core/clock.py today() reads it)
    SELECT coalesce((SELECT CAST(trim(value, '"') AS TIMESTAMP) FROM setting WHERE key = 'as_of'),
                    now() AT TIME ZONE 'Asia/Shanghai')::DATE AS day
)
SELECT a.id AS assignment_id, b.id AS building_id, b.code AS building, b.sort_order,
       p.id AS person_id, p.name, p.tier, t.sort_order AS tier_order, p.group_code, g.name_zh AS group_zh, g.name_en AS group_en,
       p.party_member, p.phone, CASE WHEN (p.status = 'active' OR p.status_since > today.day) THEN 'active' ELSE p.status END AS status, p.status_since, a.role,
       p.home_building_id = b.id AS lives_here
FROM building_assignment a
JOIN building b ON b.id = a.building_id
JOIN person p ON p.id = a.person_id
JOIN tier t ON t.code = p.tier
LEFT JOIN person_group g ON g.code = p.group_code
CROSS JOIN today
WHERE b.compound_id = $compound_id
ORDER BY b.sort_order, t.sort_order, a.role DESC, p.name
