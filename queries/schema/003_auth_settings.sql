-- Sign-in settings: idle time before a session expires, failures before a lock, and how long the lock lasts.
INSERT INTO setting (key, value) VALUES
    ('auth.idle_minutes', '{"value": 30}'),
    ('auth.lock_after_failures', '{"value": 5}'),
    ('auth.lock_minutes', '{"value": 15}');
