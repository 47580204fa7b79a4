package data

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
)

// IDX is a decoded IDX file of unsigned bytes (the format of the MNIST
// files): Dims are the sizes of its dimensions, Data the values in
// row-major order.
type IDX struct {
	// Dims are the dimension sizes, outermost first (e.g. 10000, 28, 28).
	Dims []int
	// Data holds the product of Dims values.
	Data []byte
}

// maxIDXBytes bounds the data an IDX header may announce (1 GiB), so a
// corrupt header cannot make ReadIDX allocate without limit.
const maxIDXBytes = 1 << 30

// ReadIDX decodes an unsigned-byte IDX file from r, gunzipping it first if
// it starts with the gzip magic. It checks the magic number (two zero bytes,
// type 0x08, then the number of dimensions) and that the file holds exactly
// the announced number of bytes.
func ReadIDX(r io.Reader) (IDX, error) {
	br := bufio.NewReader(r)
	if head, err := br.Peek(2); err == nil && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return IDX{}, fmt.Errorf("IDX: bad gzip stream: %w", err)
		}
		defer zr.Close()
		br = bufio.NewReader(zr)
	}
	var magic [4]byte
	if _, err := io.ReadFull(br, magic[:]); err != nil {
		return IDX{}, fmt.Errorf("IDX: file too short for the 4-byte magic number: %w", err)
	}
	if magic[0] != 0 || magic[1] != 0 || magic[2] != 0x08 || magic[3] == 0 {
		return IDX{}, fmt.Errorf("IDX: magic number %#08x is not an unsigned-byte IDX file (want 0x000008nn); the file is corrupt or not IDX", binary.BigEndian.Uint32(magic[:]))
	}
	dims := make([]int, magic[3])
	size := 1
	for i := range dims {
		var d uint32
		if err := binary.Read(br, binary.BigEndian, &d); err != nil {
			return IDX{}, fmt.Errorf("IDX: header ends in dimension %d of %d: %w", i+1, len(dims), err)
		}
		dims[i] = int(d)
		size *= int(d)
		if size > maxIDXBytes {
			return IDX{}, fmt.Errorf("IDX: header announces more than %d bytes of data; the file is corrupt", maxIDXBytes)
		}
	}
	data := make([]byte, size)
	if n, err := io.ReadFull(br, data); err != nil {
		return IDX{}, fmt.Errorf("IDX: header announces %d data bytes %v but the file holds %d; the file is truncated", size, dims, n)
	}
	if _, err := br.ReadByte(); err != io.EOF {
		if err != nil {
			return IDX{}, fmt.Errorf("IDX: reading past the data: %w", err)
		}
		return IDX{}, fmt.Errorf("IDX: file holds more than the %d data bytes its header %v announces; the file is corrupt", size, dims)
	}
	return IDX{Dims: dims, Data: data}, nil
}

// WriteIDX encodes x as an uncompressed unsigned-byte IDX file. It fails if
// len(x.Data) is not the product of x.Dims.
func WriteIDX(w io.Writer, x IDX) error {
	if len(x.Dims) == 0 || len(x.Dims) > 255 {
		return fmt.Errorf("IDX: %d dimensions; an IDX file has 1 to 255", len(x.Dims))
	}
	size := 1
	for _, d := range x.Dims {
		if d < 0 || d > maxIDXBytes {
			return fmt.Errorf("IDX: dimension %d out of range", d)
		}
		size *= d
	}
	if size != len(x.Data) {
		return fmt.Errorf("IDX: dimensions %v need %d bytes of data, have %d", x.Dims, size, len(x.Data))
	}
	bw := bufio.NewWriter(w)
	bw.Write([]byte{0, 0, 0x08, byte(len(x.Dims))})
	for _, d := range x.Dims {
		binary.Write(bw, binary.BigEndian, uint32(d))
	}
	bw.Write(x.Data)
	return bw.Flush()
}
