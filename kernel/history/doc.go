// Package history keeps the inputs (and the text outputs) of executed cells
// in a per-user SQLite database, like IPython's history.sqlite: a sessions
// table with one row per kernel run, a history table of (session, line,
// source, source_raw) and an output_history table of (session, line,
// output). It answers the three kinds of Jupyter history_request: Tail,
// Range and Search. Because it is a file, history survives kernel restarts.
//
// The database is pure Go SQLite (modernc.org/sqlite); several kernels may
// share it at once (WAL journal, busy timeout).
package history
