-- Every compound's coverage and gate-staffing gaps for [from, to), aggregated in SQL, worst first.
WITH today AS (
    -- the day shown: the dataset's "as of" date, else today in Asia/Shanghai (as core/clock.py today() reads it)
    SELECT coalesce((SELECT CAST(trim(value, '"') AS TIMESTAMP) FROM setting WHERE key = 'as_of'),
                    now() AT TIME ZONE 'Asia/Shanghai')::DATE AS day
), served AS (
    -- buildings are counted as the overview counts them: people active on the day shown
    SELECT a.building_id,
           bool_or(p.tier = 'grid') AS grid, bool_or(p.tier = 'property') AS property, bool_or(p.tier = 'volunteer') AS volunteer
    FROM building_assignment a JOIN person p ON p.id = a.person_id CROSS JOIN today
    WHERE (p.status = 'active' OR p.status_since > today.day)
    GROUP BY a.building_id
), buildings AS (
    SELECT b.compound_id,
           count(*) AS buildings,
           count(*) FILTER (WHERE coalesce(s.grid AND s.property AND s.volunteer, FALSE)) AS covered,
           count(*) FILTER (WHERE NOT coalesce(s.grid OR s.property OR s.volunteer, FALSE)) AS uncovered,
           sum(b.residents) AS residents
    FROM building b LEFT JOIN served s ON s.building_id = b.id
    GROUP BY b.compound_id
), crews AS (
    SELECT a.shift_id,
           count(*) FILTER (WHERE (p.status = 'active' OR s.starts_at::DATE < p.status_since) AND g.gate_eligible) AS filled
    FROM shift_assignment a
    JOIN gate_shift s ON s.id = a.shift_id
    JOIN person p ON p.id = a.person_id
    LEFT JOIN person_group g ON g.code = p.group_code
    WHERE s.starts_at >= $from AND s.starts_at < $to
    GROUP BY a.shift_id
), shifts AS (
    SELECT gt.compound_id,
           count(*) AS shifts,
           sum(s.required) AS required,
           sum(least(coalesce(c.filled, 0), s.required)) AS filled,
           count(*) FILTER (WHERE coalesce(c.filled, 0) < s.required) AS short_shifts
    FROM gate_shift s JOIN gate gt ON gt.id = s.gate_id LEFT JOIN crews c ON c.shift_id = s.id
    WHERE s.starts_at >= $from AND s.starts_at < $to
    GROUP BY gt.compound_id
)
SELECT c.id, c.district, c.street, c.community, c.name,
       coalesce(b.buildings, 0) AS buildings, coalesce(b.covered, 0) AS covered,
       coalesce(b.buildings, 0) - coalesce(b.covered, 0) - coalesce(b.uncovered, 0) AS partial,
       coalesce(b.uncovered, 0) AS uncovered, b.residents,
       coalesce(sh.shifts, 0) AS shifts, coalesce(sh.required, 0) AS required, coalesce(sh.filled, 0) AS filled,
       coalesce(sh.short_shifts, 0) AS short_shifts
FROM compound c
LEFT JOIN buildings b ON b.compound_id = c.id
LEFT JOIN shifts sh ON sh.compound_id = c.id
ORDER BY uncovered DESC, partial DESC, short_shifts DESC, c.street, c.name
