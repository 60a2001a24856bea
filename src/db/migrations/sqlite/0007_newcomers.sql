-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Newcomers: the people a recognised sponsor registers before they come
-- (its incoming employees) and their family members, and which booking is
-- whose. The numbers that identify a person are stored only sealed
-- (src/util/sealed.h), each beside its keyed search hash; the database
-- holds none of them in plain text.

CREATE TABLE newcomers (
    id INTEGER PRIMARY KEY,
    -- the sponsor that registered the newcomer: its employers see the
    -- record, no other employer does
    sponsor_kvk TEXT NOT NULL REFERENCES sponsors (kvk),
    -- a family member points at its principal (the employee); NULL for
    -- the principal itself. Family members have no family of their own.
    principal_id INTEGER REFERENCES newcomers (id),
    given_names TEXT NOT NULL,
    surname TEXT NOT NULL,
    birth_date TEXT NOT NULL, -- YYYY-MM-DD
    nationality TEXT NOT NULL -- ISO 3166-1 alpha-2, upper case
        CHECK (length(nationality) = 2),
    category TEXT NOT NULL
        CHECK (category IN ('highly-skilled-migrant', 'researcher', 'student',
                            'family-member', 'other')),
    expected_arrival TEXT, -- YYYY-MM-DD, NULL when not known
    -- the Dutch address when known: postcode "1234 AB" and house number
    -- with its addition ("12A", "12-3"); both or neither
    postcode TEXT,
    house_number TEXT,
    email TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'nl')),
    -- the travel document number, normalised, sealed for the field
    -- "newcomers.travel_document", and its search hash of kind
    -- "travel_document"; both NULL when not given
    travel_document_sealed TEXT,
    travel_document_hash TEXT,
    -- the V-number, sealed for "newcomers.v_number", hash of kind
    -- "v_number"
    v_number_sealed TEXT,
    v_number_hash TEXT,
    -- the key that sealed this row's values
    key_id TEXT REFERENCES personal_data_keys (key_id),
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    -- an address is both or neither; a number is sealed with its hash
    CHECK ((postcode IS NULL) = (house_number IS NULL)),
    CHECK ((travel_document_sealed IS NULL) = (travel_document_hash IS NULL)),
    CHECK ((v_number_sealed IS NULL) = (v_number_hash IS NULL))
);
CREATE INDEX newcomers_by_sponsor ON newcomers (sponsor_kvk, surname);
CREATE INDEX newcomers_by_principal ON newcomers (principal_id);
CREATE INDEX newcomers_by_travel_document ON newcomers (travel_document_hash);
CREATE INDEX newcomers_by_v_number ON newcomers (v_number_hash);
-- A sponsor registers a travel document once: the same passport twice is
-- the same person registered twice.
CREATE UNIQUE INDEX newcomers_one_travel_document
    ON newcomers (sponsor_kvk, travel_document_hash)
    WHERE travel_document_hash IS NOT NULL;

-- The newcomer a booking is for, when it was booked for one.
ALTER TABLE bookings ADD COLUMN newcomer_id INTEGER REFERENCES newcomers (id);
CREATE INDEX bookings_by_newcomer ON bookings (newcomer_id);
