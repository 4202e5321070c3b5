-- Head counts per tier and group of one compound: all, active on the day shown, party members; ordered as the tiers are.
WITH today AS (
    -- the day shown: the dataset's "as of" date, else today in Asia/Shanghai (as core/clock.py today() reads it)
    SELECT coalesce((SELECT CAST(trim(value, '"') AS TIMESTAMP) FROM setting WHERE key = 'as_of'),
                    now() AT TIME ZONE 'Asia/Shanghai')::DATE AS day
)
SELECT t.code AS tier, t.name_zh AS tier_zh, t.name_en AS tier_en,
       g.code AS group_code, g.name_zh AS group_zh, g.name_en AS group_en,
       count(p.id) AS people,
       count(p.id) FILTER (WHERE (p.status = 'active' OR p.status_since > today.day)) AS active,
       count(p.id) FILTER (WHERE p.party_member) AS party_members
FROM person p
JOIN tier t ON t.code = p.tier
LEFT JOIN person_group g ON g.code = p.group_code
CROSS JOIN today
WHERE p.compound_id = $compound_id
GROUP BY t.code, t.name_zh, t.name_en, g.code, g.name_zh, g.name_en
ORDER BY min(t.sort_order), min(g.sort_order)
