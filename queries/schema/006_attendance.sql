-- Attendance at the gate shifts (#15): who came to each roster place, late or not, who was absent, who stood in.
-- One row per (shift, person). A roster member's row is their own place: present or late with the check-in time
-- (and the check-out time once they leave), or absent (no check-in). A stand-in is someone not on that shift's
-- roster who covered a roster member's place: their row is present or late, and covers_person_id names the roster
-- member whose place it covers (whose own row is then 'absent'). Times are naive Asia/Shanghai wall-clock times.
-- Only status, times, note and who recorded them ever change (an UPDATE of an indexed column is delete + insert in
-- DuckDB); the keys and covers_person_id are written once.
CREATE TABLE attendance (
    shift_id         INTEGER NOT NULL REFERENCES gate_shift(id),
    person_id        INTEGER NOT NULL REFERENCES person(id),
    status           VARCHAR NOT NULL CHECK (status IN ('present', 'late', 'absent')),
    checked_in_at    TIMESTAMP,
    checked_out_at   TIMESTAMP,
    covers_person_id INTEGER REFERENCES person(id),
    recorded_by      VARCHAR NOT NULL,
    recorded_at      TIMESTAMP NOT NULL,
    note             VARCHAR,
    PRIMARY KEY (shift_id, person_id),
    UNIQUE (shift_id, covers_person_id),
    CHECK ((status = 'absent') = (checked_in_at IS NULL)),
    CHECK (checked_out_at IS NULL OR (checked_in_at IS NOT NULL AND checked_out_at > checked_in_at)),
    CHECK (covers_person_id IS NULL OR (covers_person_id <> person_id AND status <> 'absent'))
);
-- a place not checked in this many minutes after its shift starts is a no-show
INSERT INTO setting (key, value) VALUES ('attendance.grace_minutes', '{"value": 15}');
