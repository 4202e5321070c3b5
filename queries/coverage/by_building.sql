-- Coverage of each building of one compound on a given day (day NULL: the day shown): people active that day per tier, and the status (covered, partial, uncovered).
WITH today AS (
    -- the day given, else the day shown: the dataset's "as of" date, else today in Asia/Shanghai (as core/clock.py today() reads it)
    SELECT coalesce(CAST($day AS DATE),
                    coalesce((SELECT CAST(trim(value, '"') AS TIMESTAMP) FROM setting WHERE key = 'as_of'),
                             now() AT TIME ZONE 'Asia/Shanghai')::DATE) AS day
), served AS (
    -- a status dated after the day is not in force yet: until then the person counts as active
    SELECT a.building_id, p.tier, count(*) AS people
    FROM building_assignment a JOIN person p ON p.id = a.person_id CROSS JOIN today
    WHERE (p.status = 'active' OR p.status_since > today.day) AND p.compound_id = $compound_id
    GROUP BY a.building_id, p.tier
), per_tier AS (
    SELECT b.id AS building_id, b.code, b.households, b.residents, b.sort_order,
           coalesce(sum(s.people) FILTER (WHERE s.tier = 'grid'), 0)::INTEGER AS grid,
           coalesce(sum(s.people) FILTER (WHERE s.tier = 'property'), 0)::INTEGER AS property,
           coalesce(sum(s.people) FILTER (WHERE s.tier = 'volunteer'), 0)::INTEGER AS volunteer,
           coalesce(sum(s.people) FILTER (WHERE s.tier = 'cadre'), 0)::INTEGER AS cadre
    FROM building b LEFT JOIN served s ON s.building_id = b.id
    WHERE b.compound_id = $compound_id
    GROUP BY b.id, b.code, b.households, b.residents, b.sort_order
)
SELECT building_id, code, households, residents, grid, property, volunteer, cadre,
       (grid > 0)::INT + (property > 0)::INT + (volunteer > 0)::INT AS tiers_present,
       CASE (grid > 0)::INT + (property > 0)::INT + (volunteer > 0)::INT
            WHEN 3 THEN 'covered' WHEN 0 THEN 'uncovered' ELSE 'partial' END AS status
FROM per_tier
ORDER BY tiers_present, sort_order
