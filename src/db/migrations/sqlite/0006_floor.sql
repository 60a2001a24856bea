-- SPDX-License-Identifier: AGPL-3.0-or-later
-- The day itself on the floor (src/core/floor.h): visits checked in from a
-- booking or added as walk-ins, their legs with every state and stamp, the
-- desks opened and closed per day, a log of every step (the raw material of
-- the results) and the BSNs issued at registration, sealed.
-- Instants are UTC ISO 8601 text, as everywhere.

-- What completing a leg of a service records: 'registration' (BSN issued or
-- not, and why), the IND's 'ind-document', 'ind-biometrics', 'ind-sticker',
-- 'ind-return-visa', or 'none' (served, nothing to record).
ALTER TABLE services ADD COLUMN outcome TEXT NOT NULL DEFAULT 'none'
    CHECK (outcome IN ('none', 'registration', 'ind-document',
                       'ind-biometrics', 'ind-sticker', 'ind-return-visa'));

-- A visitor in the building on one day: a booking checked in (once: the
-- booking is unique here) or a walk-in.
CREATE TABLE visits (
    id INTEGER PRIMARY KEY,
    location_id INTEGER NOT NULL REFERENCES locations (id),
    visit_date TEXT NOT NULL, -- local date, YYYY-MM-DD
    -- NULL for a walk-in; a booking is checked in at most once
    booking_id INTEGER UNIQUE REFERENCES bookings (id),
    -- "A012": letter and number, the number unique per location and day
    ticket TEXT NOT NULL,
    ticket_number INTEGER NOT NULL CHECK (ticket_number BETWEEN 1 AND 999),
    persons INTEGER NOT NULL CHECK (persons BETWEEN 1 AND 10),
    -- a walk-in's name (a booking's is in bookings); '' for bookings
    given_names TEXT NOT NULL DEFAULT '',
    surname TEXT NOT NULL DEFAULT '',
    -- checked in after the first appointment plus the grace
    late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
    arrived_at TEXT NOT NULL,
    -- the last leg ended, or the visitor left early
    departed_at TEXT,
    created_by INTEGER REFERENCES users (id),
    UNIQUE (location_id, visit_date, ticket_number),
    UNIQUE (location_id, visit_date, ticket)
);
CREATE INDEX visits_by_day ON visits (location_id, visit_date);

-- One service of a visit, in itinerary order, with the state and stamps of
-- core/floor (struct floor_leg).
CREATE TABLE visit_legs (
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visits (id),
    position INTEGER NOT NULL CHECK (position BETWEEN 0 AND 7),
    service_id INTEGER NOT NULL REFERENCES services (id),
    -- the booked leg it comes from; NULL for a walk-in
    booking_leg_id INTEGER REFERENCES booking_legs (id),
    state TEXT NOT NULL CHECK (state IN ('pending', 'waiting', 'called',
        'serving', 'parked', 'done', 'no_show', 'cancelled')),
    -- the desk the leg waits for or was called to; NULL: any desk that
    -- performs the service
    desk_id INTEGER REFERENCES desks (id),
    -- the desk that called it last (kept after the leg ends)
    called_desk_id INTEGER REFERENCES desks (id),
    appointment_at TEXT, -- booked start; NULL for a walk-in
    queued_at TEXT,      -- first time in a queue
    called_at TEXT,      -- first call
    last_called_at TEXT, -- latest call or recall
    started_at TEXT,     -- first start
    parked_at TEXT,      -- while parked: since when
    ended_at TEXT,       -- done, no-show or cancelled
    updated_at TEXT,     -- last step
    parked_seconds INTEGER NOT NULL DEFAULT 0,
    recalls INTEGER NOT NULL DEFAULT 0,
    transfers INTEGER NOT NULL DEFAULT 0,
    -- core/floor's outcome name ('bsn_issued', ...) and what was recorded,
    -- as JSON text; never a BSN (see issued_bsns)
    outcome_kind TEXT NOT NULL DEFAULT 'none',
    outcome TEXT,
    UNIQUE (visit_id, position)
);
-- A visitor is never in two queues: at most one active leg per visit.
CREATE UNIQUE INDEX visit_legs_one_active ON visit_legs (visit_id)
    WHERE state IN ('waiting', 'called', 'serving', 'parked');
CREATE INDEX visit_legs_by_state ON visit_legs (state, visit_id);

-- A desk's state on one day: no row is a desk not opened yet.
CREATE TABLE desk_days (
    desk_id INTEGER NOT NULL REFERENCES desks (id),
    visit_date TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('open', 'closed', 'paused')),
    -- who opened it (the officer at the desk)
    officer_id INTEGER REFERENCES users (id),
    changed_at TEXT NOT NULL,
    PRIMARY KEY (desk_id, visit_date)
);

-- One row per step on the floor: check-in, call, recall, start, park,
-- unpark, no-show, complete, transfer, cancel, departure, desk open and
-- close. Ids only, no personal data.
CREATE TABLE floor_events (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    location_id INTEGER NOT NULL REFERENCES locations (id),
    visit_date TEXT NOT NULL,
    kind TEXT NOT NULL,
    visit_id INTEGER REFERENCES visits (id),
    leg_id INTEGER REFERENCES visit_legs (id),
    desk_id INTEGER REFERENCES desks (id),
    user_id INTEGER REFERENCES users (id)
);
CREATE INDEX floor_events_by_day ON floor_events (location_id, visit_date);
CREATE INDEX floor_events_by_visit ON floor_events (visit_id);

-- The BSN issued (or recorded) at a registration leg, sealed for the field
-- "issued_bsns.bsn" with its keyed hash of kind "bsn"; never plain text.
CREATE TABLE issued_bsns (
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visits (id),
    leg_id INTEGER NOT NULL UNIQUE REFERENCES visit_legs (id),
    booking_id INTEGER REFERENCES bookings (id),
    bsn_sealed TEXT NOT NULL,
    -- a number belongs to one person: issued once
    bsn_hash TEXT NOT NULL UNIQUE,
    key_id TEXT NOT NULL REFERENCES personal_data_keys (key_id),
    -- the pool's number, when it came from the pool
    pool_id INTEGER REFERENCES bsn_pool (id),
    issued_at TEXT NOT NULL,
    issued_by INTEGER REFERENCES users (id)
);
CREATE INDEX issued_bsns_by_booking ON issued_bsns (booking_id);
