-- The gates given to one user (a gate lead's), by user name, in each compound's gate order.
SELECT g.id, g.compound_id, g.name, g.name_en
FROM user_gate ug JOIN app_user u ON u.id = ug.user_id JOIN gate g ON g.id = ug.gate_id
WHERE u.username = $username
ORDER BY g.compound_id, g.sort_order, g.name
