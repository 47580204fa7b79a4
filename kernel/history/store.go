package history

import (
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// schema mirrors IPython's history database so the files read alike.
const schema = `
CREATE TABLE IF NOT EXISTS sessions (
	session  INTEGER PRIMARY KEY AUTOINCREMENT,
	start    TIMESTAMP,
	end      TIMESTAMP,
	num_cmds INTEGER,
	remark   TEXT);
CREATE TABLE IF NOT EXISTS history (
	session    INTEGER,
	line       INTEGER,
	source     TEXT,
	source_raw TEXT,
	PRIMARY KEY (session, line));
CREATE TABLE IF NOT EXISTS output_history (
	session INTEGER,
	line    INTEGER,
	output  TEXT,
	PRIMARY KEY (session, line));
`

// Store is an open history database. Its methods are safe for concurrent use.
type Store struct {
	db   *sql.DB
	path string
}

// Open opens (creating it and its directory when missing) the history
// database at path. The special path ":memory:" gives a private in-memory
// database.
func Open(path string) (*Store, error) {
	dsn := ":memory:"
	if path != ":memory:" {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, fmt.Errorf("history: cannot create the directory for %s: %w; set %s to another file (or to %q)", path, err, EnvPath, Off)
		}
		dsn = "file:" + (&url.URL{Path: path}).EscapedPath() + "?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)"
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("history: cannot open %s: %w", path, err)
	}
	if path == ":memory:" {
		db.SetMaxOpenConns(1) // every connection to :memory: is a different database
	}
	if _, err := db.Exec(schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("history: %s is not a usable history database: %w; move it away or set %s to another file", path, err, EnvPath)
	}
	return &Store{db: db, path: path}, nil
}

// Path returns the file the store was opened on.
func (s *Store) Path() string { return s.path }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// NewSession records the start of a kernel run and returns its session
// number, which numbers its lines in Tail, Range and Search results.
func (s *Store) NewSession() (int64, error) {
	res, err := s.db.Exec(`INSERT INTO sessions (start, num_cmds, remark) VALUES (?, 0, '')`, time.Now().UTC().Format(time.RFC3339Nano))
	if err != nil {
		return 0, fmt.Errorf("history: cannot start a session: %w", err)
	}
	return res.LastInsertId()
}

// EndSession records the end of session and how many inputs it stored.
func (s *Store) EndSession(session int64) error {
	_, err := s.db.Exec(`UPDATE sessions SET end = ?, num_cmds = (SELECT COUNT(*) FROM history WHERE session = ?) WHERE session = ?`,
		time.Now().UTC().Format(time.RFC3339Nano), session, session)
	if err != nil {
		return fmt.Errorf("history: cannot end session %d: %w", session, err)
	}
	return nil
}

// AddInput stores the input of line (the cell's execution count) in
// session. source is the code as run, raw the code as typed; they differ
// only when the executor transforms input. A second input for the same line
// replaces the first.
func (s *Store) AddInput(session int64, line int, source, raw string) error {
	_, err := s.db.Exec(`INSERT OR REPLACE INTO history (session, line, source, source_raw) VALUES (?, ?, ?, ?)`, session, line, source, raw)
	if err != nil {
		return fmt.Errorf("history: cannot store input %d/%d: %w", session, line, err)
	}
	return nil
}

// AddOutput stores the text output (the text/plain execute_result) of line
// in session.
func (s *Store) AddOutput(session int64, line int, output string) error {
	_, err := s.db.Exec(`INSERT OR REPLACE INTO output_history (session, line, output) VALUES (?, ?, ?)`, session, line, output)
	if err != nil {
		return fmt.Errorf("history: cannot store output %d/%d: %w", session, line, err)
	}
	return nil
}
