package autodiff

// arenaChunk is the default size, in float64s, of one arena chunk (512 KiB).
const arenaChunk = 1 << 16

// floatArena hands out float64 buffers from large chunks. Buffers are never
// freed one by one: reset (or truncate to an earlier mark) makes the chunks
// available again, so a tape that is reset between outer steps stops
// allocating once its chunks cover the largest step.
type floatArena struct {
	chunks [][]float64
	cur    int // index of the chunk being filled
	off    int // next free element in chunks[cur]
}

// arenaMark is a position in a floatArena that truncate can return to.
type arenaMark struct{ cur, off int }

// alloc returns a buffer of n elements whose contents are unspecified.
func (a *floatArena) alloc(n int) []float64 {
	if n == 0 {
		return nil
	}
	for a.cur < len(a.chunks) {
		c := a.chunks[a.cur]
		if a.off+n <= len(c) {
			buf := c[a.off : a.off+n : a.off+n]
			a.off += n
			return buf
		}
		if a.cur+1 == len(a.chunks) {
			break
		}
		a.cur++
		a.off = 0
	}
	size := arenaChunk
	if n > size {
		size = n
	}
	a.chunks = append(a.chunks, make([]float64, size))
	a.cur = len(a.chunks) - 1
	a.off = n
	return a.chunks[a.cur][:n:n]
}

// allocZero returns a zeroed buffer of n elements.
func (a *floatArena) allocZero(n int) []float64 {
	buf := a.alloc(n)
	clear(buf)
	return buf
}

func (a *floatArena) mark() arenaMark { return arenaMark{a.cur, a.off} }

func (a *floatArena) truncate(m arenaMark) { a.cur, a.off = m.cur, m.off }

func (a *floatArena) reset() { a.cur, a.off = 0, 0 }

// bytes reports the memory held by the arena's chunks.
func (a *floatArena) bytes() int {
	n := 0
	for _, c := range a.chunks {
		n += 8 * len(c)
	}
	return n
}
