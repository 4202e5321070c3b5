-- Every phone number in use (any compound) and whose it is: an import checks all its rows against it at once.
SELECT id, name, phone FROM person WHERE phone IS NOT NULL
