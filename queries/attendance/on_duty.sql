-- The gate shifts of a compound in progress at $now: required, planned (on the roster) and present (checked in, not out).
SELECT s.id AS shift_id, s.gate_id, g.name AS gate_zh, g.name_en AS gate_en, s.starts_at, s.ends_at, s.required,
       (SELECT count(*) FROM shift_assignment r WHERE r.shift_id = s.id) AS planned,
       (SELECT count(*) FROM attendance a
        WHERE a.shift_id = s.id AND a.status <> 'absent' AND a.checked_in_at <= $now
          AND (a.checked_out_at IS NULL OR a.checked_out_at > $now)) AS present
FROM gate_shift s JOIN gate g ON g.id = s.gate_id
WHERE g.compound_id = $compound_id AND s.starts_at <= $now AND s.ends_at > $now
ORDER BY g.sort_order, s.starts_at, s.id
