// Package store keeps petri's results as data: ground-truth runs and Petri
// dish checkpoints in one SQLite file, plus CSV import and export of
// ground-truth tables for humans and notebooks.
//
// The SQLite side (Open) uses the pure-Go modernc.org/sqlite driver in WAL
// mode with a busy timeout, so several processes may share one file. Every
// write is a single transaction: a process killed mid-write leaves the file
// readable with all previously committed data intact, which is what lets a
// long ground-truth sweep resume after a crash.
//
// The CSV side (ReadCSV, WriteCSV) speaks the ground-truth table format
//
//	motif,loss,std,runs
//	0.01,2.301,0.002,5
//
// where motif is a motif's encoding (a sigmoid slope, or a recurrent cell's
// 22 integers separated by spaces), loss is the mean ground-truth loss
// (lower is better), std its standard error over runs and runs the number of
// runs averaged. Only motif and loss are required.
package store
