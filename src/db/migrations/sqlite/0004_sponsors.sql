-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Recognised sponsors ("erkend referent" in the IND's public register), as
-- imported from snapshots of that register: the sponsors, their current
-- recognition per category, the history of every change with the date of
-- the snapshot that showed it, and the imports themselves.
-- Snapshot dates are the register's dates (YYYY-MM-DD); instants are UTC
-- ISO 8601 text.

-- One import of one register snapshot (an HTML page of one category, or a
-- CSV file of one or all categories).
CREATE TABLE sponsor_imports (
    id INTEGER PRIMARY KEY,
    imported_at TEXT NOT NULL,
    actor TEXT NOT NULL, -- username, or 'cli' / 'demo'
    file_name TEXT NOT NULL,
    format TEXT NOT NULL CHECK (format IN ('html', 'csv')),
    -- the categories this snapshot covers, comma-separated: a sponsor of
    -- these categories missing from it is no longer recognised in them
    categories TEXT NOT NULL,
    snapshot_date TEXT NOT NULL,
    entries INTEGER NOT NULL DEFAULT 0,
    added INTEGER NOT NULL DEFAULT 0,
    removed INTEGER NOT NULL DEFAULT 0,
    renamed INTEGER NOT NULL DEFAULT 0
);

-- An organisation ever seen in the register, by KvK number (8 digits,
-- leading zeros kept).
CREATE TABLE sponsors (
    kvk TEXT PRIMARY KEY
        CHECK (length(kvk) = 8 AND kvk NOT GLOB '*[^0-9]*'),
    name TEXT NOT NULL,
    -- the categories it is recognised in now, comma-separated in the
    -- order work, research, study, exchange; '' when none
    categories TEXT NOT NULL DEFAULT '',
    recognised INTEGER NOT NULL DEFAULT 0 CHECK (recognised IN (0, 1)),
    first_seen TEXT NOT NULL, -- the first snapshot that listed it
    last_seen TEXT NOT NULL   -- the latest snapshot that listed it
);
CREATE INDEX sponsors_by_name ON sponsors (name);

-- The current recognition of a sponsor in one category.
CREATE TABLE sponsor_categories (
    kvk TEXT NOT NULL REFERENCES sponsors (kvk),
    category TEXT NOT NULL
        CHECK (category IN ('work', 'research', 'study', 'exchange')),
    recognised INTEGER NOT NULL CHECK (recognised IN (0, 1)),
    since TEXT NOT NULL, -- snapshot date of the last change
    -- the import that last listed it: one that covers the category and
    -- did not list it ends the recognition
    seen_import_id INTEGER NOT NULL REFERENCES sponsor_imports (id),
    PRIMARY KEY (kvk, category)
);
CREATE INDEX sponsor_categories_by_category
    ON sponsor_categories (category, recognised);

-- Every change: recognised in a category ('added'), no longer recognised
-- ('removed'), or a new name ('renamed', category NULL, old_name set).
CREATE TABLE sponsor_recognitions (
    id INTEGER PRIMARY KEY,
    kvk TEXT NOT NULL REFERENCES sponsors (kvk),
    category TEXT
        CHECK (category IN ('work', 'research', 'study', 'exchange')),
    change TEXT NOT NULL CHECK (change IN ('added', 'removed', 'renamed')),
    recognised INTEGER NOT NULL CHECK (recognised IN (0, 1)),
    name TEXT NOT NULL, -- the name in that snapshot
    old_name TEXT,
    snapshot_date TEXT NOT NULL,
    import_id INTEGER NOT NULL REFERENCES sponsor_imports (id)
);
CREATE INDEX sponsor_recognitions_by_kvk
    ON sponsor_recognitions (kvk, snapshot_date);
