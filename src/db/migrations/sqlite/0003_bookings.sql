-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Bookings: a visit of one or more persons (a family served together) to a
-- location on one date, made of legs at desks. desk_slots holds one row per
-- desk, date and slot a leg occupies; its primary key is what guarantees
-- that no desk slot is ever held twice, whatever the concurrency.

-- Bookings made together by an employer or the front desk: all or nothing.
CREATE TABLE booking_groups (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    location_id INTEGER NOT NULL REFERENCES locations (id),
    visit_date TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL
);

CREATE TABLE bookings (
    id INTEGER PRIMARY KEY,
    -- what the visitor shows at check-in: 8 characters, no look-alikes
    code TEXT NOT NULL UNIQUE,
    location_id INTEGER NOT NULL REFERENCES locations (id),
    visit_date TEXT NOT NULL,
    -- a family is served together; legs are longer per additional person
    persons INTEGER NOT NULL CHECK (persons BETWEEN 1 AND 10),
    status TEXT NOT NULL DEFAULT 'booked'
        CHECK (status IN ('booked', 'cancelled')),
    -- how it was booked: by the newcomer, a sponsor's employer, the desk
    channel TEXT NOT NULL CHECK (channel IN ('public', 'sponsor', 'frontdesk')),
    given_names TEXT NOT NULL,
    surname TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'nl')),
    -- BLAKE2b of the private management token; the token itself is never
    -- stored
    token_digest TEXT NOT NULL,
    group_id INTEGER REFERENCES booking_groups (id),
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    cancelled_at TEXT
);
CREATE INDEX bookings_by_day ON bookings (location_id, visit_date);
CREATE INDEX bookings_by_group ON bookings (group_id);

-- One leg: a service at a desk. A rescheduled booking keeps its old legs
-- with released_at set, as history.
CREATE TABLE booking_legs (
    id INTEGER PRIMARY KEY,
    booking_id INTEGER NOT NULL REFERENCES bookings (id),
    position INTEGER NOT NULL,
    service_id INTEGER NOT NULL REFERENCES services (id),
    desk_id INTEGER NOT NULL REFERENCES desks (id),
    visit_date TEXT NOT NULL,
    starts_at INTEGER NOT NULL CHECK (starts_at BETWEEN 0 AND 1439),
    ends_at INTEGER NOT NULL CHECK (ends_at > starts_at AND ends_at <= 1440),
    released_at TEXT
);
CREATE INDEX booking_legs_by_booking ON booking_legs (booking_id);

-- The slots held by active legs: one row per slot of the location's grid.
CREATE TABLE desk_slots (
    desk_id INTEGER NOT NULL REFERENCES desks (id),
    visit_date TEXT NOT NULL,
    starts_at INTEGER NOT NULL,
    leg_id INTEGER NOT NULL REFERENCES booking_legs (id),
    PRIMARY KEY (desk_id, visit_date, starts_at)
);
CREATE INDEX desk_slots_by_leg ON desk_slots (leg_id);

-- Idempotency-Key of POST /bookings and /booking-groups: a retry with the
-- same key and the same request gets the first answer again.
CREATE TABLE idempotency_keys (
    key TEXT PRIMARY KEY,
    -- BLAKE2b of method, path and body: the same key with another request
    -- is refused
    request_digest TEXT NOT NULL,
    booking_id INTEGER REFERENCES bookings (id),
    group_id INTEGER REFERENCES booking_groups (id),
    created_at TEXT NOT NULL
);
