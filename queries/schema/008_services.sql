-- Resident services (#16): requests rebuilt with intake fields and the status set new/in_progress/done/failed; stock movements name their receiver; case reports gain suspected cases, close contacts and a note.
-- resident_request's status CHECK cannot be altered in DuckDB, so the table is rebuilt: created beside the old one,
-- filled with the old rows (ids kept, open -> new, assigned -> in_progress), the old one dropped and the new one
-- renamed. Nothing references resident_request, and its sequence is kept, so later ids follow the old ones.
-- done_at is the moment a request was closed: done, or found impossible (failed, with the reason why).
-- DuckDB checks a CHECK on UPDATE only with every column it names in the update (else an internal error): an
-- UPDATE of this table sets all of status, assignee_id, created_at, due_at, done_at and fail_reason (to themselves).
CREATE TABLE resident_request_v8 (
    id            INTEGER PRIMARY KEY DEFAULT nextval('resident_request_id_seq'),
    building_id   INTEGER NOT NULL REFERENCES building(id),
    unit          VARCHAR,
    contact_phone VARCHAR,
    kind          VARCHAR NOT NULL CHECK (kind IN ('groceries', 'medicine', 'escort', 'other')),
    urgency       VARCHAR NOT NULL DEFAULT 'normal' CHECK (urgency IN ('normal', 'urgent')),
    status        VARCHAR NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'in_progress', 'done', 'failed')),
    assignee_id   INTEGER REFERENCES person(id),
    description   VARCHAR,
    created_at    TIMESTAMP NOT NULL,
    due_at        TIMESTAMP,
    done_at       TIMESTAMP,
    fail_reason   VARCHAR,
    CHECK (status IN ('new', 'failed') OR assignee_id IS NOT NULL),
    CHECK ((status IN ('done', 'failed')) = (done_at IS NOT NULL)),
    CHECK ((status = 'failed') = (fail_reason IS NOT NULL)),
    CHECK (fail_reason IS NULL OR length(trim(fail_reason)) > 0),
    CHECK (done_at IS NULL OR done_at >= created_at),
    CHECK (due_at IS NULL OR due_at >= created_at)
);
INSERT INTO resident_request_v8 (id, building_id, kind, status, assignee_id, description, created_at, done_at)
SELECT id, building_id, kind,
       CASE status WHEN 'open' THEN 'new' WHEN 'assigned' THEN 'in_progress' ELSE status END,
       assignee_id, description, created_at, done_at
FROM resident_request;
DROP TABLE resident_request;
ALTER TABLE resident_request_v8 RENAME TO resident_request;

-- A receipt (delta > 0) names its donor in `source`; an issue (delta < 0) names who received it: a gate, a building
-- or a group (services/supplies.py checks that exactly one is given, of the item's compound).
ALTER TABLE stock_movement ADD COLUMN to_gate_id INTEGER;
ALTER TABLE stock_movement ADD COLUMN to_building_id INTEGER;
ALTER TABLE stock_movement ADD COLUMN to_group VARCHAR;

-- Counted each day with the new confirmed cases; existing reports count none.
ALTER TABLE case_report ADD COLUMN new_suspected INTEGER DEFAULT 0;
ALTER TABLE case_report ADD COLUMN close_contacts INTEGER DEFAULT 0;
ALTER TABLE case_report ADD COLUMN note VARCHAR;
