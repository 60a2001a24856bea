-- SPDX-License-Identifier: AGPL-3.0-or-later
-- The foundation: catalogue (locations, agencies, services, desks, hours,
-- closures), users and sessions, sign-in throttling, audit log.
-- Times of day are minutes since local midnight (0..1440) in the
-- location's time zone; instants are UTC ISO 8601 text ("...Z").

-- A centre; appointment times are local to its time zone.
CREATE TABLE locations (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    time_zone TEXT NOT NULL,
    -- the grid all appointment times at this location lie on
    slot_minutes INTEGER NOT NULL DEFAULT 5
        CHECK (slot_minutes BETWEEN 1 AND 60 AND 1440 % slot_minutes = 0)
);

-- A partner organisation with desks in the centre (municipality, IND, ...).
CREATE TABLE agencies (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name_en TEXT NOT NULL,
    name_nl TEXT NOT NULL
);

CREATE TABLE services (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    agency_id INTEGER NOT NULL REFERENCES agencies (id),
    name_en TEXT NOT NULL,
    name_nl TEXT NOT NULL,
    description_en TEXT NOT NULL DEFAULT '',
    description_nl TEXT NOT NULL DEFAULT '',
    minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 480),
    -- a family is served together: minutes + this per additional person
    extra_minutes_per_person INTEGER NOT NULL DEFAULT 0
        CHECK (extra_minutes_per_person BETWEEN 0 AND 240),
    -- who may book it: bit 1 the public, 2 sponsors' employers, 4 front desk
    bookable_by INTEGER NOT NULL DEFAULT 1 CHECK (bookable_by BETWEEN 0 AND 7),
    -- the IND forbids rescheduling its appointments by the newcomer
    reschedule_allowed INTEGER NOT NULL DEFAULT 1
        CHECK (reschedule_allowed IN (0, 1)),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

-- service_id can only be done after requires_id, in the same visit.
CREATE TABLE service_prerequisites (
    service_id INTEGER NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    requires_id INTEGER NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    PRIMARY KEY (service_id, requires_id),
    CHECK (service_id <> requires_id)
);

-- Documents to bring, in the order shown.
CREATE TABLE service_documents (
    id INTEGER PRIMARY KEY,
    service_id INTEGER NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text_en TEXT NOT NULL,
    text_nl TEXT NOT NULL,
    UNIQUE (service_id, position)
);

CREATE TABLE desks (
    id INTEGER PRIMARY KEY,
    location_id INTEGER NOT NULL REFERENCES locations (id),
    agency_id INTEGER NOT NULL REFERENCES agencies (id),
    code TEXT NOT NULL,
    name_en TEXT NOT NULL,
    name_nl TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    UNIQUE (location_id, code)
);

-- The services a desk performs (always of the desk's own agency).
CREATE TABLE desk_services (
    desk_id INTEGER NOT NULL REFERENCES desks (id) ON DELETE CASCADE,
    service_id INTEGER NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    PRIMARY KEY (desk_id, service_id)
);

-- Weekly opening hours; several intervals a day are allowed.
CREATE TABLE desk_hours (
    id INTEGER PRIMARY KEY,
    desk_id INTEGER NOT NULL REFERENCES desks (id) ON DELETE CASCADE,
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7), -- 1 = Monday
    opens INTEGER NOT NULL CHECK (opens BETWEEN 0 AND 1440),
    closes INTEGER NOT NULL CHECK (closes BETWEEN 0 AND 1440),
    CHECK (closes > opens)
);

-- Weekly breaks, each inside an opening interval of its weekday.
CREATE TABLE desk_breaks (
    id INTEGER PRIMARY KEY,
    desk_id INTEGER NOT NULL REFERENCES desks (id) ON DELETE CASCADE,
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    starts INTEGER NOT NULL CHECK (starts BETWEEN 0 AND 1440),
    ends INTEGER NOT NULL CHECK (ends BETWEEN 0 AND 1440),
    CHECK (ends > starts)
);

-- Public holidays and one-off closures of a location or of one desk, for
-- the whole day (starts and ends NULL) or part of it.
CREATE TABLE closures (
    id INTEGER PRIMARY KEY,
    location_id INTEGER NOT NULL REFERENCES locations (id) ON DELETE CASCADE,
    desk_id INTEGER REFERENCES desks (id) ON DELETE CASCADE,
    date TEXT NOT NULL, -- local date, YYYY-MM-DD
    starts INTEGER CHECK (starts BETWEEN 0 AND 1440),
    ends INTEGER CHECK (ends BETWEEN 0 AND 1440),
    kind TEXT NOT NULL CHECK (kind IN ('holiday', 'one-off')),
    reason_en TEXT NOT NULL,
    reason_nl TEXT NOT NULL,
    CHECK ((starts IS NULL AND ends IS NULL) OR
           (starts IS NOT NULL AND ends IS NOT NULL AND ends > starts))
);
CREATE INDEX closures_by_date ON closures (location_id, date);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL
        CHECK (role IN ('admin', 'manager', 'frontdesk', 'officer',
                        'employer')),
    password_hash TEXT NOT NULL, -- Argon2id, encoded
    -- an officer belongs to an agency and optionally sits at one desk
    agency_id INTEGER REFERENCES agencies (id),
    desk_id INTEGER REFERENCES desks (id) ON DELETE SET NULL,
    -- an employer acts for one recognised sponsor (KvK number)
    sponsor_kvk TEXT,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL,
    failed_signins INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    CHECK (role <> 'officer' OR agency_id IS NOT NULL),
    CHECK (role <> 'employer' OR sponsor_kvk IS NOT NULL)
);

-- Browser sessions; only a digest of the token is stored.
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    token_digest TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL, -- absolute end
    last_seen_at TEXT NOT NULL, -- for the idle timeout
    address TEXT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- Failed sign-ins per client address, for the per-address limit.
CREATE TABLE signin_failures (
    id INTEGER PRIMARY KEY,
    address TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX signin_failures_by_address ON signin_failures (address, at);

-- Who did what, when, from where, with what result. Never holds passwords,
-- tokens or personal data: ids only.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_user_id INTEGER,
    actor TEXT NOT NULL, -- username at the time, or '-' when anonymous
    action TEXT NOT NULL,
    object TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    result TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_time ON audit_log (at);
