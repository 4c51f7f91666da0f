package store

// migrations are the schema's history: migrations[i] takes a database from schema version i
// (PRAGMA user_version) to i+1. Append new ones; never edit one that has shipped.
//
// Times are Unix milliseconds (INTEGER), except files.mtime_ns (Unix nanoseconds, as the file
// system reports it). Missing measurements (NaN in Go) are NULL.
var migrations = []string{
	// 1: the ledger of files, activities with their samples beside them, the profile.
	`
CREATE TABLE files (
	path       TEXT PRIMARY KEY,           -- as the user named it; "a.zip!/b.fit" inside archives
	size       INTEGER NOT NULL,
	mtime_ns   INTEGER,                    -- NULL when unknown
	hash       TEXT,                       -- content hash, NULL when not computed
	status     TEXT NOT NULL CHECK (status IN ('ok', 'failed', 'duplicate', 'empty')),
	reason     TEXT NOT NULL DEFAULT '',   -- why it failed, or what was noticed
	activities INTEGER NOT NULL DEFAULT 0, -- rows in activities from this path
	seen_at    INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX files_by_hash ON files (hash);

CREATE TABLE activities (
	id             INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: reports name activities by id
	file_path      TEXT NOT NULL REFERENCES files (path) DEFERRABLE INITIALLY DEFERRED,
	session        INTEGER NOT NULL,       -- 0-based index within the file
	format         TEXT NOT NULL,          -- fit, gpx, tcx
	sport          TEXT NOT NULL,
	sub_sport      TEXT NOT NULL DEFAULT '',
	name           TEXT NOT NULL DEFAULT '',
	device         TEXT NOT NULL DEFAULT '',
	start_utc      INTEGER NOT NULL,
	utc_offset_s   INTEGER,                -- NULL when the file records no offset
	elapsed_s      REAL,
	moving_s       REAL,
	distance_m     REAL,
	pace_s_per_km  REAL,
	avg_hr         REAL,
	max_hr         REAL,
	samples_n      INTEGER NOT NULL,
	hr_samples     INTEGER NOT NULL,
	laps_n         INTEGER NOT NULL,
	partial        INTEGER NOT NULL DEFAULT 0,
	moving_from    TEXT NOT NULL DEFAULT '', -- analysis.Summary.MovingFrom
	distance_from  TEXT NOT NULL DEFAULT '', -- analysis.Summary.DistanceFrom
	hr_dropouts    INTEGER NOT NULL DEFAULT 0, -- analysis.HRCleaning
	hr_out_of_band INTEGER NOT NULL DEFAULT 0,
	hr_spikes      INTEGER NOT NULL DEFAULT 0,
	hr_flatline    INTEGER NOT NULL DEFAULT 0,
	device_summary BLOB,                   -- NULL when the file has none; see encodeDeviceSummary
	notes          TEXT,                   -- JSON array of strings, NULL when none
	duplicate_of   INTEGER REFERENCES activities (id) ON DELETE SET NULL,
	analysis       TEXT,                   -- JSON, later analysis results; NULL until set
	listing        BLOB NOT NULL           -- the listed values in one record: see encodeListing
);
CREATE INDEX activities_by_sport_start ON activities (sport, start_utc);
CREATE INDEX activities_by_start ON activities (start_utc);
CREATE INDEX activities_by_file ON activities (file_path);
CREATE INDEX activities_by_duplicate ON activities (duplicate_of) WHERE duplicate_of IS NOT NULL;

-- The bulky parts, apart so that listing activities never reads them.
CREATE TABLE activity_data (
	activity_id INTEGER PRIMARY KEY REFERENCES activities (id) ON DELETE CASCADE,
	samples     BLOB NOT NULL,             -- PackSamples
	laps        TEXT,                      -- JSON, NULL when none
	timer       TEXT,                      -- JSON, NULL when none
	breaks      TEXT                       -- JSON array of sample indices, NULL when none
);

CREATE TABLE profile (
	key        TEXT PRIMARY KEY,
	value      TEXT NOT NULL,
	source     TEXT NOT NULL CHECK (source IN ('set', 'estimated')),
	detail     TEXT NOT NULL DEFAULT '',   -- how it was estimated, from what
	updated_at INTEGER NOT NULL
) WITHOUT ROWID;
`,
	// 2: what read each file. A file recorded before this schema has format '' and rules 0,
	// older than any rules: the next import reads it again (README "Upgrades").
	`
ALTER TABLE files ADD COLUMN format TEXT NOT NULL DEFAULT '';  -- fit, gpx, tcx; '' when unknown
ALTER TABLE files ADD COLUMN rules INTEGER NOT NULL DEFAULT 0; -- importer.RulesVersion of format
ALTER TABLE files ADD COLUMN digest TEXT;                      -- Digest of the stored activities
`,
	// 3: archives on disk walked whole: one unchanged since (size, mtime), walked under the
	// same decoding rules, is not opened again.
	`
CREATE TABLE archives (
	path     TEXT PRIMARY KEY,             -- as the user named it
	size     INTEGER NOT NULL,
	mtime_ns INTEGER,                      -- NULL when unknown
	entries  INTEGER NOT NULL,             -- the files found in it, nested archives' included
	rules    INTEGER NOT NULL,             -- importer.RulesVersion of all formats it was walked under
	seen_at  INTEGER NOT NULL
) WITHOUT ROWID;
`,
	// 4: what a bulk export's metadata adds to an activity (Strava's activities.csv, Garmin's
	// summaries): the athlete's description and the commute mark.
	`
ALTER TABLE activities ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE activities ADD COLUMN commute INTEGER NOT NULL DEFAULT 0;
`,
	// 5: the store's generation, which every change to what a report is made of raises (the
	// triggers: any write to activities, their data or the profile; the ledger of files is
	// not in a report), with a random id for the store, so that a run can tell in one read
	// that nothing changed since the last (Generation); and small facts a run keeps for the
	// next (state: SetState).
	`
CREATE TABLE generation (
	id TEXT NOT NULL,                      -- random, made once: another store at the same path differs
	n  INTEGER NOT NULL
);
INSERT INTO generation (id, n) VALUES (lower(hex(randomblob(16))), 1);
CREATE TRIGGER generation_activities_insert AFTER INSERT ON activities BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER generation_activities_update AFTER UPDATE ON activities BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER generation_activities_delete AFTER DELETE ON activities BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER generation_activity_data_insert AFTER INSERT ON activity_data BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER generation_activity_data_update AFTER UPDATE ON activity_data BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER generation_activity_data_delete AFTER DELETE ON activity_data BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER generation_profile_insert AFTER INSERT ON profile BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER generation_profile_update AFTER UPDATE ON profile BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER generation_profile_delete AFTER DELETE ON profile BEGIN UPDATE generation SET n = n + 1; END;
CREATE TABLE state (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;
`,
	// 6: the entries an archive held when it was walked, so that a skipped archive counts
	// those alone (the ledger keeps the rows of entries since removed from it). An archive
	// recorded before has NULL: it is walked once more, and recorded with its list.
	`
ALTER TABLE archives ADD COLUMN entry_paths TEXT; -- its entries' paths less the archive's, Go-quoted, sorted, one a line; NULL when unknown
`,
}
