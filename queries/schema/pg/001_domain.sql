-- The whole domain of DESIGN.md: places, people, coverage, rosters, requests, supplies, cases, settings, audit, users.
-- (PostgreSQL's spelling of 001_domain.sql: the same tables; regexp_full_match, isodow and INTERVAL 24 HOUR differ.)
-- Keys, foreign keys and checks make impossible data unstorable; times are naive Asia/Shanghai wall-clock times.

CREATE SEQUENCE compound_id_seq;
CREATE TABLE compound (
    id            INTEGER PRIMARY KEY DEFAULT nextval('compound_id_seq'),
    name          VARCHAR NOT NULL UNIQUE,
    name_en       VARCHAR,
    district      VARCHAR NOT NULL,
    street        VARCHAR NOT NULL,
    community     VARCHAR NOT NULL,
    description   VARCHAR,
    CHECK (length(trim(name)) > 0)
);

CREATE SEQUENCE building_id_seq;
CREATE TABLE building (
    id            INTEGER PRIMARY KEY DEFAULT nextval('building_id_seq'),
    compound_id   INTEGER NOT NULL REFERENCES compound(id),
    code          VARCHAR NOT NULL,
    households    INTEGER CHECK (households >= 0),
    residents     INTEGER CHECK (residents >= 0),
    sort_order    INTEGER NOT NULL DEFAULT 0,
    UNIQUE (compound_id, code),
    CHECK (length(trim(code)) > 0)
);

CREATE SEQUENCE gate_id_seq;
CREATE TABLE gate (
    id            INTEGER PRIMARY KEY DEFAULT nextval('gate_id_seq'),
    compound_id   INTEGER NOT NULL REFERENCES compound(id),
    name          VARCHAR NOT NULL,
    name_en       VARCHAR,
    opens         TIME NOT NULL DEFAULT TIME '00:00:00',
    closes        TIME NOT NULL DEFAULT TIME '24:00:00',
    sort_order    INTEGER NOT NULL DEFAULT 0,
    UNIQUE (compound_id, name),
    CHECK (closes > opens)
);

-- The four tiers are fixed by the domain; the table exists so that an unknown tier cannot be stored.
CREATE TABLE tier (
    code          VARCHAR PRIMARY KEY CHECK (code IN ('grid', 'property', 'cadre', 'volunteer')),
    name_zh       VARCHAR NOT NULL,
    name_en       VARCHAR NOT NULL,
    sort_order    INTEGER NOT NULL,
    -- the three tiers of the joint system a building needs; cadres reinforce them
    covers_building BOOLEAN NOT NULL
);

CREATE TABLE person_group (
    code          VARCHAR PRIMARY KEY,
    tier          VARCHAR NOT NULL REFERENCES tier(code),
    name_zh       VARCHAR NOT NULL,
    name_en       VARCHAR NOT NULL,
    gate_eligible BOOLEAN NOT NULL DEFAULT FALSE,
    sort_order    INTEGER NOT NULL DEFAULT 0
);

CREATE SEQUENCE organisation_id_seq;
CREATE TABLE organisation (
    id            INTEGER PRIMARY KEY DEFAULT nextval('organisation_id_seq'),
    name          VARCHAR NOT NULL UNIQUE,
    name_en       VARCHAR,
    parent_id     INTEGER REFERENCES organisation(id),
    kind          VARCHAR NOT NULL CHECK (kind IN ('state_company', 'subsidiary', 'property_company', 'community_office', 'other'))
);

-- DuckDB turns an UPDATE of an indexed column into delete + insert, which a row that other tables reference cannot
-- survive. People are referenced everywhere and their tier, group and phone do change, so those columns carry no
-- index: tier is a CHECK, and group, organisation, home building and phone uniqueness are checked by people.py on
-- every write (and by tests). The compound key stays a foreign key: it never changes.
CREATE SEQUENCE person_id_seq;
CREATE TABLE person (
    id               INTEGER PRIMARY KEY DEFAULT nextval('person_id_seq'),
    compound_id      INTEGER NOT NULL REFERENCES compound(id),
    name             VARCHAR NOT NULL,
    tier             VARCHAR NOT NULL CHECK (tier IN ('grid', 'property', 'cadre', 'volunteer')),
    group_code       VARCHAR,
    organisation_id  INTEGER,
    title            VARCHAR,
    party_member     BOOLEAN NOT NULL DEFAULT FALSE,
    phone            VARCHAR CHECK (phone ~ '^(?:1[3-9][0-9]{9})$'),
    status           VARCHAR NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'sick', 'quarantined', 'left')),
    status_since     DATE,
    status_note      VARCHAR,
    home_building_id INTEGER,
    -- cadres joined in two waves (5 originally sent, 24 added urgently)
    joined_on        DATE,
    note             VARCHAR,
    CHECK (length(trim(name)) > 0)
);

CREATE SEQUENCE building_assignment_id_seq;
CREATE TABLE building_assignment (
    id            INTEGER PRIMARY KEY DEFAULT nextval('building_assignment_id_seq'),
    building_id   INTEGER NOT NULL REFERENCES building(id),
    person_id     INTEGER NOT NULL REFERENCES person(id),
    role          VARCHAR NOT NULL DEFAULT 'primary' CHECK (role IN ('primary', 'backup')),
    UNIQUE (building_id, person_id)
);

CREATE SEQUENCE shift_template_id_seq;
CREATE TABLE shift_template (
    id            INTEGER PRIMARY KEY DEFAULT nextval('shift_template_id_seq'),
    gate_id       INTEGER NOT NULL REFERENCES gate(id),
    starts        TIME NOT NULL,
    hours         DECIMAL(4, 2) NOT NULL CHECK (hours > 0 AND hours <= 24),
    required      INTEGER NOT NULL CHECK (required > 0),
    UNIQUE (gate_id, starts)
);

CREATE SEQUENCE gate_shift_id_seq;
CREATE TABLE gate_shift (
    id            INTEGER PRIMARY KEY DEFAULT nextval('gate_shift_id_seq'),
    gate_id       INTEGER NOT NULL REFERENCES gate(id),
    starts_at     TIMESTAMP NOT NULL,
    ends_at       TIMESTAMP NOT NULL,
    required      INTEGER NOT NULL CHECK (required > 0),
    UNIQUE (gate_id, starts_at),
    CHECK (ends_at > starts_at),
    CHECK (ends_at - starts_at <= INTERVAL '24 hours')
);

CREATE TABLE shift_assignment (
    shift_id        INTEGER NOT NULL REFERENCES gate_shift(id),
    person_id       INTEGER NOT NULL REFERENCES person(id),
    -- a soft rule the planner accepted for this assignment, with the reason given
    accepted_reason VARCHAR,
    PRIMARY KEY (shift_id, person_id)
);

-- One row per compound and roster week; the version guards against two planners overwriting each other.
CREATE TABLE roster_week (
    compound_id   INTEGER NOT NULL REFERENCES compound(id),
    week_start    DATE NOT NULL CHECK (extract(isodow FROM week_start) = 1),
    version       INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    saved_by      VARCHAR NOT NULL,
    saved_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (compound_id, week_start)
);

CREATE SEQUENCE availability_id_seq;
CREATE TABLE availability (
    id            INTEGER PRIMARY KEY DEFAULT nextval('availability_id_seq'),
    person_id     INTEGER NOT NULL REFERENCES person(id),
    starts_at     TIMESTAMP NOT NULL,
    ends_at       TIMESTAMP NOT NULL,
    available     BOOLEAN NOT NULL,
    note          VARCHAR,
    CHECK (ends_at > starts_at)
);

CREATE SEQUENCE resident_request_id_seq;
CREATE TABLE resident_request (
    id            INTEGER PRIMARY KEY DEFAULT nextval('resident_request_id_seq'),
    building_id   INTEGER NOT NULL REFERENCES building(id),
    kind          VARCHAR NOT NULL CHECK (kind IN ('groceries', 'medicine', 'escort', 'other')),
    status        VARCHAR NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'assigned', 'done')),
    assignee_id   INTEGER REFERENCES person(id),
    description   VARCHAR,
    created_at    TIMESTAMP NOT NULL,
    done_at       TIMESTAMP,
    CHECK (status = 'open' OR assignee_id IS NOT NULL),
    CHECK ((status = 'done') = (done_at IS NOT NULL)),
    CHECK (done_at IS NULL OR done_at >= created_at)
);

CREATE SEQUENCE supply_id_seq;
CREATE TABLE supply (
    id            INTEGER PRIMARY KEY DEFAULT nextval('supply_id_seq'),
    compound_id   INTEGER NOT NULL REFERENCES compound(id),
    name_zh       VARCHAR NOT NULL,
    name_en       VARCHAR NOT NULL,
    unit_zh       VARCHAR NOT NULL,
    unit_en       VARCHAR NOT NULL,
    -- kept equal to the sum of the item's movements by the write that adds them
    quantity      DECIMAL(12, 2) NOT NULL DEFAULT 0 CHECK (quantity >= 0),
    min_stock     DECIMAL(12, 2) NOT NULL DEFAULT 0 CHECK (min_stock >= 0),
    UNIQUE (compound_id, name_zh)
);

CREATE SEQUENCE stock_movement_id_seq;
CREATE TABLE stock_movement (
    id            INTEGER PRIMARY KEY DEFAULT nextval('stock_movement_id_seq'),
    supply_id     INTEGER NOT NULL REFERENCES supply(id),
    moved_at      TIMESTAMP NOT NULL,
    delta         DECIMAL(12, 2) NOT NULL CHECK (delta <> 0),
    source        VARCHAR,
    note          VARCHAR
);

CREATE TABLE case_report (
    compound_id        INTEGER NOT NULL REFERENCES compound(id),
    report_date        DATE NOT NULL,
    new_cases          INTEGER NOT NULL CHECK (new_cases >= 0),
    hospitalised       INTEGER NOT NULL CHECK (hospitalised >= 0),
    central_quarantine INTEGER NOT NULL CHECK (central_quarantine >= 0),
    -- confirmed or suspected cases still at home, waiting for a bed or a quarantine place
    awaiting_placement INTEGER NOT NULL DEFAULT 0 CHECK (awaiting_placement >= 0),
    PRIMARY KEY (compound_id, report_date)
);

-- Figures reported at community level that the panel shows but does not derive (91 volunteers, 19 grid chat groups).
CREATE TABLE community_figure (
    community     VARCHAR NOT NULL,
    figure        VARCHAR NOT NULL,
    value         INTEGER NOT NULL CHECK (value >= 0),
    as_of         DATE,
    source        VARCHAR,
    PRIMARY KEY (community, figure)
);

CREATE SEQUENCE grid_chat_group_id_seq;
CREATE TABLE grid_chat_group (
    id            INTEGER PRIMARY KEY DEFAULT nextval('grid_chat_group_id_seq'),
    community     VARCHAR NOT NULL,
    name          VARCHAR NOT NULL,
    UNIQUE (community, name)
);

CREATE TABLE grid_chat_member (
    group_id      INTEGER NOT NULL REFERENCES grid_chat_group(id),
    person_id     INTEGER NOT NULL REFERENCES person(id),
    PRIMARY KEY (group_id, person_id)
);

CREATE SEQUENCE official_post_id_seq;
CREATE TABLE official_post (
    id            INTEGER PRIMARY KEY DEFAULT nextval('official_post_id_seq'),
    community     VARCHAR NOT NULL,
    published_on  DATE NOT NULL,
    title         VARCHAR NOT NULL,
    reads         INTEGER NOT NULL CHECK (reads >= 0)
);

-- Named values: rule defaults, the dataset's "as of" moment. Values are JSON text.
CREATE TABLE setting (
    key           VARCHAR PRIMARY KEY,
    value         VARCHAR NOT NULL
);

CREATE SEQUENCE audit_id_seq;
CREATE TABLE audit_log (
    id            BIGINT PRIMARY KEY DEFAULT nextval('audit_id_seq'),
    logged_at     TIMESTAMP NOT NULL,
    actor         VARCHAR NOT NULL,
    action        VARCHAR NOT NULL,
    table_name    VARCHAR,
    row_key       VARCHAR,
    before        VARCHAR,
    after         VARCHAR
);

CREATE SEQUENCE app_user_id_seq;
CREATE TABLE app_user (
    id              INTEGER PRIMARY KEY DEFAULT nextval('app_user_id_seq'),
    username        VARCHAR NOT NULL UNIQUE CHECK (username ~ '^(?:[A-Za-z0-9_.@-]{2,80})$'),
    role            VARCHAR NOT NULL CHECK (role IN ('leader', 'planner', 'admin')),
    password_hash   VARCHAR NOT NULL CHECK (starts_with(password_hash, '$argon2id$')),
    active          BOOLEAN NOT NULL DEFAULT TRUE,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    TIMESTAMP,
    created_at      TIMESTAMP NOT NULL
);
