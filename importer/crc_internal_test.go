package importer

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/muktihari/fit/kit/hash/crc16"
)

// TestCRCMatchesLibrary: the eight-bytes-at-a-time CRC equals muktihari/fit's own, on buffers
// of every length up to 40 and random longer ones.
func TestCRCMatchesLibrary(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 2000; n++ {
		size := n
		if n >= 40 {
			size = r.IntN(5000)
		}
		b := make([]byte, size)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		h := crc16.New()
		h.Write(b)
		if got, want := crcOf(b), h.Sum16(); got != want {
			t.Fatalf("%d bytes: crcOf %#04x, crc16 %#04x", size, got, want)
		}
	}
}

// TestReadAllSized: the expected size is only a hint: a shorter, longer or unknown size gives
// the same bytes as io.ReadAll.
func TestReadAllSized(t *testing.T) {
	data := make([]byte, 10000)
	for i := range data {
		data[i] = byte(i * 7)
	}
	for _, hint := range []int64{0, 1, 9999, 10000, 10001, 50000} {
		got, err := readAllSized(bytes.NewReader(data), hint)
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("hint %d: %d bytes, %v; want the 10000 bytes", hint, len(got), err)
		}
	}
}
