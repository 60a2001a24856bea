-- A location's name in English and Dutch, like every other catalogue name.
-- The single name of the foundation schema becomes the English one and is
-- copied as the Dutch one until an administrator translates it.
ALTER TABLE locations RENAME COLUMN name TO name_en;
ALTER TABLE locations ADD COLUMN name_nl TEXT NOT NULL DEFAULT '';
UPDATE locations SET name_nl = name_en;
