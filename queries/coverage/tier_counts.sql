-- Who serves the buildings of one compound: buildings and people active on the day shown, per tier.
WITH today AS (
    -- the day shown: the dataset's "as of" date, else today in Asia/Shanghai (as core/clock.py today() reads it)
    SELECT coalesce((SELECT CAST(trim(value, '"') AS TIMESTAMP) FROM setting WHERE key = 'as_of'),
                    now() AT TIME ZONE 'Asia/Shanghai')::DATE AS day
)
SELECT p.tier, count(DISTINCT a.building_id) AS buildings, count(DISTINCT p.id) AS people
FROM building_assignment a
JOIN building b ON b.id = a.building_id
JOIN person p ON p.id = a.person_id
CROSS JOIN today
WHERE b.compound_id = $compound_id AND (p.status = 'active' OR p.status_since > today.day)
GROUP BY p.tier
