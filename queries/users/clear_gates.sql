-- Take every gate from a user, before their gates are given again (or when they stop being a gate lead).
DELETE FROM user_gate WHERE user_id = $user_id
