-- Who already has a phone number (any compound), so a number belongs to one person only.
SELECT id, name FROM person WHERE phone = $phone
