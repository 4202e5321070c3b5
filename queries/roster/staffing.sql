-- Gate shifts of one compound starting in [from, to): required vs filled by active, gate-eligible people.
WITH crew AS (
    SELECT a.shift_id,
           count(*) FILTER (WHERE (p.status = 'active' OR s.starts_at::DATE < p.status_since) AND g.gate_eligible) AS filled,
           count(*) FILTER (WHERE (p.status = 'active' OR s.starts_at::DATE < p.status_since) AND p.tier IN ('property', 'cadre')) AS anchors,
           count(*) AS assigned
    FROM shift_assignment a
    JOIN gate_shift s ON s.id = a.shift_id
    JOIN person p ON p.id = a.person_id
    LEFT JOIN person_group g ON g.code = p.group_code
    WHERE p.compound_id = $compound_id AND s.starts_at >= $from AND s.starts_at < $to
    GROUP BY a.shift_id
)
SELECT s.id AS shift_id, gt.id AS gate_id, gt.name AS gate, gt.name_en AS gate_en, gt.sort_order AS gate_order,
       s.starts_at, s.ends_at, s.required,
       coalesce(c.filled, 0) AS filled, coalesce(c.anchors, 0) AS anchors, coalesce(c.assigned, 0) AS assigned
FROM gate_shift s
JOIN gate gt ON gt.id = s.gate_id
LEFT JOIN crew c ON c.shift_id = s.id
WHERE gt.compound_id = $compound_id AND s.starts_at >= $from AND s.starts_at < $to
ORDER BY s.starts_at, gt.sort_order
