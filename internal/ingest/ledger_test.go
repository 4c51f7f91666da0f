package ingest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/easyday/easyday/store"
)

// TestLedgerMatchesFileByHash records random files in a store and in a ledger made from the
// store's starting state, and checks that the ledger answers what store.FileByHash does.
func TestLedgerMatchesFileByHash(t *testing.T) {
	ctx := context.Background()
	statuses := []store.FileStatus{store.StatusOK, store.StatusFailed, store.StatusDuplicate, store.StatusEmpty}
	hashes := []string{"", "h0", "h1", "h2", "h3"}
	randomFile := func(r *rand.Rand) store.FileState {
		st := statuses[r.IntN(len(statuses))]
		return store.FileState{Path: fmt.Sprintf("p%d.fit", r.IntN(8)), Size: r.Int64N(100),
			Hash: hashes[r.IntN(len(hashes))], Status: st, Reason: fmt.Sprintf("%s %d", st, r.IntN(1000))}
	}
	for seed := range uint64(20) {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 1))
			st, err := store.Open(ctx, filepath.Join(t.TempDir(), "easyday.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			for range r.IntN(12) {
				if err := st.MarkFile(ctx, randomFile(r)); err != nil {
					t.Fatal(err)
				}
			}
			start, err := st.FileStates(ctx)
			if err != nil {
				t.Fatal(err)
			}
			led := newLedger(start)
			check := func(step string, lookup func(string) (store.FileState, bool)) {
				t.Helper()
				for _, h := range hashes {
					want, wantOK, err := st.FileByHash(ctx, h)
					if err != nil {
						t.Fatal(err)
					}
					got, ok := lookup(h)
					if ok != wantOK || got.Path != want.Path || got.Status != want.Status || got.Reason != want.Reason {
						t.Errorf("%s: hash %q: got (%s %s %q, %v), want (%s %s %q, %v)", step, h,
							got.Path, got.Status, got.Reason, ok, want.Path, want.Status, want.Reason, wantOK)
					}
				}
			}
			check("start, known", led.known)
			check("start, lookup", led.lookup)
			for i := range 30 {
				f := randomFile(r)
				if err := st.MarkFile(ctx, f); err != nil {
					t.Fatal(err)
				}
				led.record(f)
				check(fmt.Sprintf("after record %d (%s %s %s)", i, f.Path, f.Hash, f.Status), led.lookup)
			}
		})
	}
}

// BenchmarkLedgerSameContent records n files of one content, each looked up first as the
// writer does: the cost per file stays flat as n grows (it grew with n: 20,000 copies of
// one file took 12 s).
func BenchmarkLedgerSameContent(b *testing.B) {
	for _, n := range []int{2000, 20000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				led := newLedger(map[string]store.FileState{})
				for i := range n {
					if _, ok := led.lookup("h"); ok != (i > 0) {
						b.Fatalf("file %d: found %v", i, ok)
					}
					led.record(store.FileState{Path: fmt.Sprintf("copy%05d.fit", i), Hash: "h", Status: store.StatusDuplicate})
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/file")
		})
	}
}
