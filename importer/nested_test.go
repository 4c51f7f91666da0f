package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"slices"
	"testing"
)

// TestNestedArchivesDropped: nested archives are not all held from the walk to the last read:
// beyond the bytes a walker keeps, those nobody reads are dropped, and read again from their
// parent when an entry of theirs is, in any order.
func TestNestedArchivesDropped(t *testing.T) {
	const n, size = 12, 256 << 10
	var outer bytes.Buffer
	ow := zip.NewWriter(&outer)
	want := map[string][]byte{}
	for i := range n {
		var inner bytes.Buffer
		iw := zip.NewWriter(&inner)
		f, err := iw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("%02d.fit", i), Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		content := bytes.Repeat([]byte{byte(i)}, size)
		f.Write(content)
		iw.Close()
		w, _ := ow.Create(fmt.Sprintf("part%02d.zip", i))
		w.Write(inner.Bytes())
		want[fmt.Sprintf("x.zip!/part%02d.zip!/%02d.fit", i, i)] = content
	}
	ow.Close()
	zr, err := zip.NewReader(bytes.NewReader(outer.Bytes()), int64(outer.Len()))
	if err != nil {
		t.Fatal(err)
	}
	w := NewWalker(Options{})
	defer w.Close()
	w.keep = 3 * size // about two nested archives
	var entries []Entry
	zw := &zipWalk{w: w, opts: w.opts, archive: "x.zip", budget: &zipBudget{}, fn: func(e Entry) error {
		entries = append(entries, e)
		return nil
	}}
	if err := zw.walk(context.Background(), zr, heldZip{}, "x.zip", 1); err != nil {
		t.Fatal(err)
	}
	held := func() (n int, bytes int64) {
		w.mu.Lock()
		defer w.mu.Unlock()
		for _, m := range w.recent {
			m.mu.Lock()
			if m.b != nil {
				n++
				bytes += int64(len(m.b))
			}
			m.mu.Unlock()
		}
		return n, bytes
	}
	if k, b := held(); b > w.keep || k == 0 {
		t.Errorf("after the walk %d nested archives (%d bytes) held; want some, within %d bytes", k, b, w.keep)
	}
	if len(entries) != n {
		t.Fatalf("walked %d entries, want %d", len(entries), n)
	}
	backward := slices.Clone(entries)
	slices.Reverse(backward)
	for _, order := range [][]Entry{entries, backward} {
		for _, e := range order {
			b, err := e.Read()
			if err != nil || !bytes.Equal(b, want[e.Path]) {
				t.Errorf("%s: %d bytes, %v; want its %d", e.Path, len(b), err, len(want[e.Path]))
			}
			if _, held := held(); held > w.keep {
				t.Errorf("after reading %s: %d bytes of nested archives held; want at most %d", e.Path, held, w.keep)
			}
		}
	}
}
