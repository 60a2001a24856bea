-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Eligibility as catalogue data: the rules a person must meet to book a
-- service, what a booking answered to them, and the front desk's checks of
-- the documents each person brings.

-- A rule of a service; a service has each kind at most once.
--   recognised-sponsor: booked for an employee of a sponsor recognised (in
--     one of the categories listed as values; none listed: any) on the date
--     of the visit;
--   residence-municipality: the person lives in one of the municipalities
--     listed as values;
--   ind-letter-location: the person's IND letter names the location of the
--     visit (no values).
CREATE TABLE service_rules (
    id INTEGER PRIMARY KEY,
    service_id INTEGER NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('recognised-sponsor',
                                       'residence-municipality',
                                       'ind-letter-location')),
    UNIQUE (service_id, kind)
);

-- The parameters of a rule, in the order given.
CREATE TABLE service_rule_values (
    rule_id INTEGER NOT NULL REFERENCES service_rules (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (rule_id, position)
);

-- What a booking answered to the rules, kept so that a reschedule is
-- judged again on its new date. One row per booking that gave anything.
CREATE TABLE booking_eligibility (
    booking_id INTEGER PRIMARY KEY REFERENCES bookings (id),
    -- the sponsor the person works for: the employer account's, or named
    -- by the front desk
    sponsor_kvk TEXT,
    residence_municipality TEXT,
    -- the code of the location the person's IND letter names, or 'other'
    ind_letter_location TEXT
);

-- A document to bring, checked by the front desk: one row per booking,
-- person (1 = the first of the family), service and document position
-- (service_documents.position). Unticking deletes the row.
CREATE TABLE booking_document_checks (
    booking_id INTEGER NOT NULL REFERENCES bookings (id),
    person INTEGER NOT NULL CHECK (person BETWEEN 1 AND 10),
    service_id INTEGER NOT NULL REFERENCES services (id),
    position INTEGER NOT NULL,
    checked_by INTEGER NOT NULL REFERENCES users (id),
    checked_at TEXT NOT NULL, -- UTC instant
    PRIMARY KEY (booking_id, person, service_id, position)
);
