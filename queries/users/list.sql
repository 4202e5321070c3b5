-- Every user, without password hashes, for the admin's list: failures counted since the last success and the latest lock on the name (the caller drops one that has run out), and the names of the gates given to a gate lead.
SELECT u.id, u.username, u.role, u.active,
       coalesce((SELECT t.failures FROM sign_in_throttle t WHERE t.kind = 'name' AND t.name_key = u.username), 0) AS failed_attempts,
       (SELECT max(t.last_attempt) FROM sign_in_throttle t WHERE t.kind = 'name' AND t.name_key = u.username) AS last_failure,
       (SELECT max(t.locked_until) FROM sign_in_throttle t WHERE t.name_key = u.username) AS locked_until,
       u.created_at,
       coalesce((SELECT string_agg(g.name, '、' ORDER BY g.compound_id, g.sort_order, g.name)
                 FROM user_gate ug JOIN gate g ON g.id = ug.gate_id WHERE ug.user_id = u.id), '') AS gates
FROM app_user u ORDER BY u.username
