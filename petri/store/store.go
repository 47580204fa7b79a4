package store

import (
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

// ErrNotFound is returned (wrapped) when a requested checkpoint or
// configuration is not in the store.
var ErrNotFound = errors.New("not found in store")

// schemaVersion is stored in PRAGMA user_version; Open refuses files
// written by a newer petridish.
const schemaVersion = 1

const schema = `
CREATE TABLE IF NOT EXISTS configs (
	family      TEXT NOT NULL,
	hash        TEXT NOT NULL,
	description TEXT NOT NULL,
	created     INTEGER NOT NULL,
	PRIMARY KEY (family, hash)
);
CREATE TABLE IF NOT EXISTS runs (
	id       INTEGER PRIMARY KEY,
	family   TEXT NOT NULL,
	config   TEXT NOT NULL,
	motif    TEXT NOT NULL,
	seed     INTEGER NOT NULL,
	loss     REAL NOT NULL,
	accuracy REAL NOT NULL,
	seconds  REAL NOT NULL,
	finished INTEGER NOT NULL,
	UNIQUE (family, config, motif, seed)
);
CREATE TABLE IF NOT EXISTS checkpoints (
	id      INTEGER PRIMARY KEY,
	family  TEXT NOT NULL,
	name    TEXT NOT NULL,
	version INTEGER NOT NULL,
	saved   INTEGER NOT NULL,
	data    BLOB NOT NULL,
	UNIQUE (family, name, version)
);
`

// Store is an open results store: one SQLite file holding ground-truth runs,
// their training configurations and dish checkpoints. A Store is safe for
// concurrent use by many goroutines, and several processes may open the same
// file at once.
type Store struct {
	db   *sql.DB
	path string
}

// Open opens the store in the SQLite file at path, creating the file and its
// tables if needed. The path ":memory:" gives a private in-memory store
// (useful in tests and notebooks). The file is used in WAL mode with a
// 10-second busy timeout, and every write runs in one immediate transaction.
// A killed process loses nothing it committed; with synchronous=NORMAL an
// operating-system crash or power cut may lose the last commits, but never
// leaves the file inconsistent.
func Open(path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("open store: empty path; give a file name such as results.db")
	}
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("open store %s: the path contains '?' or '#', which SQLite file names cannot; rename it", path)
	}
	memory := path == ":memory:"
	if !memory {
		dir := filepath.Dir(path)
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			return nil, fmt.Errorf("open store %s: folder %s does not exist; create it first or choose another path", path, dir)
		}
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	if !memory {
		q.Add("_pragma", "journal_mode(WAL)")
	}
	q.Set("_txlock", "immediate")
	dsn := "file:" + path + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	if memory {
		db.SetMaxOpenConns(1) // each connection would get its own empty database
	}
	s := &Store{db: db, path: path}
	if err := s.init(); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w; check that it is a petridish store (SQLite file) you can write to", path, err)
	}
	return s, nil
}

func (s *Store) init() error {
	var v int
	if err := s.db.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil {
		return err
	}
	if v > schemaVersion {
		return fmt.Errorf("file has schema version %d, this petridish understands up to %d; upgrade petridish", v, schemaVersion)
	}
	return s.tx(func(tx *sql.Tx) error {
		if _, err := tx.Exec(schema); err != nil {
			return err
		}
		_, err := tx.Exec(fmt.Sprintf(`PRAGMA user_version = %d`, schemaVersion))
		return err
	})
}

// Path returns the file name the store was opened with.
func (s *Store) Path() string { return s.path }

// Close closes the store. Committed data is already durable; Close only
// releases the file.
func (s *Store) Close() error { return s.db.Close() }

// Check runs SQLite's integrity check and returns an error describing the
// first problems if the file is damaged.
func (s *Store) Check() error {
	rows, err := s.db.Query(`PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("check store %s: %w", s.path, err)
	}
	defer rows.Close()
	var msgs []string
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			return fmt.Errorf("check store %s: %w", s.path, err)
		}
		msgs = append(msgs, m)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("check store %s: %w", s.path, err)
	}
	if len(msgs) == 1 && msgs[0] == "ok" {
		return nil
	}
	return fmt.Errorf("store %s is damaged: %v; restore it from a backup or export what reads and start a new file", s.path, msgs)
}

// tx runs f in one transaction, committing if f returns nil.
func (s *Store) tx(f func(tx *sql.Tx) error) error {
	tx, err := s.db.Begin()
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}
