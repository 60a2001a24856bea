-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Personal data at rest (see src/util/sealed.h): which keys have sealed
-- data in this database, and the pool of BSNs a municipality allocates to a
-- deployment in advance. Sealed columns hold "v1:..." text, never plain
-- numbers; *_hash columns hold the keyed search hash of the value.

-- The ids (public fingerprints, not the keys) of the master keys that have
-- sealed values here. A program started with a key file whose id is not
-- listed, while another is, has the wrong key file.
CREATE TABLE personal_data_keys (
    key_id TEXT PRIMARY KEY,
    first_used_at TEXT NOT NULL
);

-- Numbers allocated in advance, issued one by one on the day of
-- registration. A number is in the pool once (bsn_hash is unique) and is
-- issued once: issuing sets issued_at only where it is still NULL.
CREATE TABLE bsn_pool (
    id INTEGER PRIMARY KEY,
    -- the BSN sealed for the field "bsn_pool.bsn"
    bsn_sealed TEXT NOT NULL,
    -- keyed hash of kind "bsn": the same number hashes alike in every table
    bsn_hash TEXT NOT NULL UNIQUE,
    -- the key that sealed bsn_sealed
    key_id TEXT NOT NULL REFERENCES personal_data_keys (key_id),
    -- the municipality's reference of the allocation the number came in
    batch TEXT NOT NULL DEFAULT '',
    added_at TEXT NOT NULL,
    -- UTC instant of issue; NULL while unused
    issued_at TEXT,
    issued_by INTEGER REFERENCES users (id),
    -- what it was issued for, as "type:id" ("newcomer:17"); no personal data
    issued_for TEXT NOT NULL DEFAULT '',
    CHECK (issued_at IS NOT NULL OR issued_by IS NULL)
);
-- The unused numbers in order of arrival: the next one to issue, and the
-- count left, without scanning the issued ones.
CREATE INDEX bsn_pool_unused ON bsn_pool (id) WHERE issued_at IS NULL;
