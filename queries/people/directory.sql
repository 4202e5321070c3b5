-- The people of one compound with tier, group and the status in force on the day shown, for pickers and filters.
WITH today AS (
    -- the day shown: the dataset's "as of" date, else today in Asia/Shanghai (as core/clock.py today() reads it)
    SELECT coalesce((SELECT CAST(trim(value, '"') AS TIMESTAMP) FROM setting WHERE key = 'as_of'),
                    now() AT TIME ZONE 'Asia/Shanghai')::DATE AS day
)
SELECT p.id, p.name, p.tier, p.group_code, g.name_zh AS group_zh, g.name_en AS group_en, p.party_member, p.phone,
       CASE WHEN (p.status = 'active' OR p.status_since > today.day) THEN 'active' ELSE p.status END AS status,
       p.status_since, p.status_note, p.home_building_id
FROM person p LEFT JOIN person_group g ON g.code = p.group_code CROSS JOIN today
WHERE p.compound_id = $compound_id
ORDER BY p.tier, p.name
