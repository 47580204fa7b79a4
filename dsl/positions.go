package dsl

import (
	"fmt"
	"regexp"
	"strconv"
)

// Cell positions. yaegi scopes imports by source file name, so every
// chunk must be compiled under its default file name "_.go". To still
// know which cell a position belongs to — a panic can unwind through
// functions declared cells ago — line directives encode the cell in the
// line number: line = id*lineBase + line in the cell. decodePositions
// turns such positions back into "In[3]:5:2". Go's scanner takes line
// numbers up to 2^30, so a cell or file may have up to 99,999 lines and a
// session numbers maxFileID cells; past that, ids are used again from 1,
// the oldest cell's first (its positions then read as the newer cell's).
// With a million lines a cell, as before, the 1,074th cell of a session
// failed to compile ("invalid line number").
const (
	lineBase  = 100_000
	maxFileID = (1<<30)/lineBase - 1
)

// fileID returns the number that encodes the cell (or file) name.
func (st *state) fileID(name string) int {
	st.filesMu.Lock()
	defer st.filesMu.Unlock()
	if id, ok := st.ids[name]; ok {
		return id
	}
	if len(st.files) < maxFileID {
		st.files = append(st.files, name)
		id := len(st.files)
		st.ids[name] = id
		return id
	}
	id := st.reused%maxFileID + 1
	st.reused++
	delete(st.ids, st.files[id-1])
	delete(st.progs, id)
	st.files[id-1] = name
	st.ids[name] = id
	return id
}

// directive returns the /*line*/ comment that makes the text that follows
// it start at the given cell line and column.
func (s *Session) directive(name string, line, col int) string {
	return fmt.Sprintf("/*line _.go:%d:%d*/", s.state.fileID(name)*lineBase+line, col)
}

var encodedPos = regexp.MustCompile(`(?:_\.go:)?(\d{6,}):(\d+)`)

// decodePositions rewrites encoded positions in msg as "name:line:col".
func (s *Session) decodePositions(msg string) string {
	return encodedPos.ReplaceAllStringFunc(msg, func(m string) string {
		sub := encodedPos.FindStringSubmatch(m)
		n, err := strconv.Atoi(sub[1])
		if err != nil {
			return m
		}
		id, line := n/lineBase, n%lineBase
		st := s.state
		st.filesMu.Lock()
		defer st.filesMu.Unlock()
		if id < 1 || id > len(st.files) {
			return m
		}
		return fmt.Sprintf("%s:%d:%s", st.files[id-1], line, sub[2])
	})
}
