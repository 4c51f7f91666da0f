package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/store"
)

// TestDecodeBudget: with eight workers, the bytes being decoded at once, counted as they
// expand (a small .gz file of 20 MB), stay within DecodeBudget; a gzip stream whose trailer
// understates its size is still bounded and fails with a reason.
func TestDecodeBudget(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	mtime := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	gzOf := func(b []byte) []byte {
		var buf bytes.Buffer
		w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		w.Write(b)
		w.Close()
		return buf.Bytes()
	}
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	const n, size = 12, 20 << 20
	for i := range n {
		// Distinct content, or the hash would tell copies.
		writeFile(t, in, fmt.Sprintf("%02d.gpx.gz", i), gzOf(append(fmt.Appendf(nil, "%d", i), make([]byte, size)...)), mtime)
	}
	liar := gzOf(make([]byte, size))
	binary.LittleEndian.PutUint32(liar[len(liar)-4:], 100) // the trailer says 100 bytes
	writeFile(t, in, "liar.gpx.gz", liar, mtime)

	st, err := store.Open(context.Background(), filepath.Join(dir, "easyday.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var mu sync.Mutex
	var inflight, peak, largest int64
	opts := Options{Jobs: 8, Profile: analysis.DefaultProfile(), Decoding: func(size int64) func() {
		mu.Lock()
		defer mu.Unlock()
		inflight += size
		peak, largest = max(peak, inflight), max(largest, size)
		return func() {
			mu.Lock()
			defer mu.Unlock()
			inflight -= size
		}
	}}
	stats, err := Run(context.Background(), st, []string{in}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Failed != n+1 {
		t.Errorf("%d failed, want all %d (zeros are no activity)", stats.Failed, n+1)
	}
	for _, f := range stats.Failures {
		if strings.HasPrefix(filepath.Base(f.Path), "liar") {
			t.Logf("liar: %s", f.Reason)
			if !strings.Contains(f.Reason, "gunzip") {
				t.Errorf("liar.gpx.gz: %q, want gunzip's reason", f.Reason)
			}
		}
	}
	t.Logf("peak %d bytes in flight, largest %d", peak, largest)
	if largest < size {
		t.Errorf("the largest file was counted as %d bytes; want what it expands to (%d)", largest, size)
	}
	// The liar is counted with all the room a file may take, above the budget by its own size.
	if peak > DecodeBudget+int64(len(liar)) {
		t.Errorf("peak %d bytes decoding at once; want at most %d", peak, DecodeBudget+len(liar))
	}
}
