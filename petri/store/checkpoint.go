package store

import (
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Checkpoint is a named, versioned blob, typically a Petri dish serialised
// as JSON by its own package. The store keeps the bytes unchanged.
type Checkpoint struct {
	// Family is the motif family the checkpoint belongs to, e.g. "sigmoid".
	Family string
	// Name is the checkpoint's name, chosen by the caller.
	Name string
	// Version counts saves under the same family and name, from 1.
	Version int
	// Saved is when this version was saved.
	Saved time.Time
	// Data is the saved bytes (nil in the listing from Checkpoints).
	Data []byte
}

// SaveCheckpoint stores data as the next version of the checkpoint
// family/name and returns that version (1 for the first save). Earlier
// versions stay loadable.
func (s *Store) SaveCheckpoint(family, name string, data []byte) (int, error) {
	if family == "" || name == "" {
		return 0, errors.New("save checkpoint: family and name must not be empty")
	}
	if data == nil {
		data = []byte{}
	}
	var version int
	err := s.tx(func(tx *sql.Tx) error {
		if err := tx.QueryRow(`SELECT COALESCE(MAX(version), 0) + 1 FROM checkpoints WHERE family = ? AND name = ?`,
			family, name).Scan(&version); err != nil {
			return err
		}
		_, err := tx.Exec(`INSERT INTO checkpoints(family, name, version, saved, data) VALUES(?,?,?,?,?)`,
			family, name, version, time.Now().UnixNano(), data)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("save checkpoint %s/%s in %s: %w", family, name, s.path, err)
	}
	return version, nil
}

// LoadCheckpoint returns version of the checkpoint family/name; version 0
// (or negative) means the latest. A missing checkpoint gives an error
// wrapping ErrNotFound.
func (s *Store) LoadCheckpoint(family, name string, version int) (Checkpoint, error) {
	c := Checkpoint{Family: family, Name: name}
	var saved int64
	row := s.db.QueryRow(`SELECT version, saved, data FROM checkpoints WHERE family = ? AND name = ?
		AND (? <= 0 OR version = ?) ORDER BY version DESC LIMIT 1`, family, name, version, version)
	err := row.Scan(&c.Version, &saved, &c.Data)
	if errors.Is(err, sql.ErrNoRows) {
		what := "any version"
		if version > 0 {
			what = fmt.Sprintf("version %d", version)
		}
		return Checkpoint{}, fmt.Errorf("load checkpoint %s/%s: %s %w %s; list the saved ones with Checkpoints", family, name, what, ErrNotFound, s.path)
	}
	if err != nil {
		return Checkpoint{}, fmt.Errorf("load checkpoint %s/%s from %s: %w", family, name, s.path, err)
	}
	c.Saved = time.Unix(0, saved)
	return c, nil
}

// Checkpoints lists the saved checkpoints of a family ("" for all), every
// version, ordered by family, name and version, without their Data.
func (s *Store) Checkpoints(family string) ([]Checkpoint, error) {
	rows, err := s.db.Query(`SELECT family, name, version, saved FROM checkpoints
		WHERE ? = '' OR family = ? ORDER BY family, name, version`, family, family)
	if err != nil {
		return nil, fmt.Errorf("list checkpoints in %s: %w", s.path, err)
	}
	defer rows.Close()
	var out []Checkpoint
	for rows.Next() {
		var c Checkpoint
		var saved int64
		if err := rows.Scan(&c.Family, &c.Name, &c.Version, &saved); err != nil {
			return nil, fmt.Errorf("list checkpoints in %s: %w", s.path, err)
		}
		c.Saved = time.Unix(0, saved)
		out = append(out, c)
	}
	return out, rows.Err()
}
