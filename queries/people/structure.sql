-- People of one compound active on the day shown, by tier, group and source organisation, with party members, for the structure picture.
WITH today AS (
    -- the day shown: the dataset's "as of" date, else today in Asia/Shanghai (as core/clock.py today() reads it)
    SELECT coalesce((SELECT CAST(trim(value, '"') AS TIMESTAMP) FROM setting WHERE key = 'as_of'),
                    now() AT TIME ZONE 'Asia/Shanghai')::DATE AS day
)
SELECT p.tier, t.name_zh AS tier_zh, t.name_en AS tier_en, t.sort_order AS tier_order,
       coalesce(p.group_code, '-') AS group_code, coalesce(g.name_zh, '—') AS group_zh, coalesce(g.name_en, '—') AS group_en,
       coalesce(o.name, '—') AS organisation, coalesce(o.name_en, '—') AS organisation_en,
       count(*) AS people, count(*) FILTER (WHERE p.party_member) AS party_members
FROM person p
JOIN tier t ON t.code = p.tier
LEFT JOIN person_group g ON g.code = p.group_code
LEFT JOIN organisation o ON o.id = p.organisation_id
CROSS JOIN today
WHERE p.compound_id = $compound_id AND (p.status = 'active' OR p.status_since > today.day)
GROUP BY p.tier, t.name_zh, t.name_en, t.sort_order, coalesce(p.group_code, '-'), coalesce(g.name_zh, '—'),
         coalesce(g.name_en, '—'), coalesce(o.name, '—'), coalesce(o.name_en, '—')
ORDER BY tier_order, group_code, organisation
