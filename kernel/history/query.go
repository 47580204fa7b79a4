package history

import (
	"database/sql"
	"fmt"
)

// Entry is one history line.
type Entry struct {
	Session int64
	Line    int
	Input   string
	// Output is the line's text output, nil when it had none or when the
	// query did not ask for outputs.
	Output *string
}

// Options select what a query returns.
type Options struct {
	// Raw returns the input as typed (source_raw) instead of as run (source).
	Raw bool
	// Output also returns each line's output.
	Output bool
}

func (o Options) columns() string {
	src := "h.source"
	if o.Raw {
		src = "h.source_raw"
	}
	out := "NULL"
	if o.Output {
		out = "o.output"
	}
	return "h.session AS session, h.line AS line, " + src + " AS input, " + out + " AS output"
}

const from = ` FROM history h LEFT JOIN output_history o ON o.session = h.session AND o.line = h.line `

// Tail returns the last n lines over all sessions, oldest first.
func (s *Store) Tail(n int, o Options) ([]Entry, error) {
	if n <= 0 {
		return nil, nil
	}
	q := `SELECT * FROM (SELECT ` + o.columns() + from + `ORDER BY h.session DESC, h.line DESC LIMIT ?) ORDER BY session, line`
	return s.query("tail", q, n)
}

// Range returns the lines of session from start up to but excluding stop,
// oldest first. session is absolute when positive and relative to current
// when zero or negative (0 is current, -1 the session before it). Negative
// start and stop count back from the session's end; stop 0 means the end.
func (s *Store) Range(current, session int64, start, stop int, o Options) ([]Entry, error) {
	if session <= 0 {
		session += current
	}
	if start < 0 || stop < 0 {
		var last sql.NullInt64
		if err := s.db.QueryRow(`SELECT MAX(line) FROM history WHERE session = ?`, session).Scan(&last); err != nil {
			return nil, fmt.Errorf("history: range: %w", err)
		}
		n := int(last.Int64) + 1
		if start < 0 {
			start = max(start+n, 0)
		}
		if stop < 0 {
			stop = max(stop+n, 0)
			if stop == 0 {
				return nil, nil
			}
		}
	}
	q := `SELECT ` + o.columns() + from + `WHERE h.session = ? AND h.line >= ?`
	args := []any{session, start}
	if stop > 0 {
		q += ` AND h.line < ?`
		args = append(args, stop)
	}
	return s.query("range", q+` ORDER BY h.line`, args...)
}

// Search returns the lines whose input matches the glob pattern (SQLite
// GLOB: * and ? wildcards, case-sensitive), oldest first. With n > 0 only
// the last n matches are returned. With unique, each distinct input
// appears once, at its latest occurrence.
func (s *Store) Search(pattern string, n int, unique bool, o Options) ([]Entry, error) {
	col := "h.source"
	if o.Raw {
		col = "h.source_raw"
	}
	rows := `SELECT ` + o.columns() + from + `WHERE ` + col + ` GLOB ?`
	if unique {
		rows = `SELECT ` + o.columns() + `, ROW_NUMBER() OVER (PARTITION BY ` + col + ` ORDER BY h.session DESC, h.line DESC) AS rn` + from + `WHERE ` + col + ` GLOB ?`
		rows = `SELECT session, line, input, output FROM (` + rows + `) WHERE rn = 1`
	}
	q := `SELECT * FROM (` + rows + `) ORDER BY session DESC, line DESC`
	args := []any{pattern}
	if n > 0 {
		q += ` LIMIT ?`
		args = append(args, n)
	}
	return s.query("search", `SELECT * FROM (`+q+`) ORDER BY session, line`, args...)
}

func (s *Store) query(what, q string, args ...any) ([]Entry, error) {
	rows, err := s.db.Query(q, args...)
	if err != nil {
		return nil, fmt.Errorf("history: %s: %w", what, err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		var output sql.NullString
		if err := rows.Scan(&e.Session, &e.Line, &e.Input, &output); err != nil {
			return nil, fmt.Errorf("history: %s: %w", what, err)
		}
		if output.Valid {
			e.Output = &output.String
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("history: %s: %w", what, err)
	}
	return out, nil
}
