-- Working-day calendars, stored as their text file (internal/calendar's format), versioned.
CREATE TABLE calendars (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL UNIQUE,
    body       TEXT NOT NULL,
    version    INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
-- A unit may use its own calendar; '' means its parent's (the national one at the root).
ALTER TABLE units ADD COLUMN calendar_name TEXT NOT NULL DEFAULT '';
