package ingest

import (
	"slices"

	"github.com/easyday/easyday/store"
)

// ledger answers, in memory, what store.FileByHash would answer during a run: the ledger as
// the run found it (store.FileStates), and what the run's writer has recorded since. Each
// answer costs about the same however many files share a content (20,000 copies of one file
// cost 20,000 look-ups, not 200 million).
//
// Its byHash side is read-only once made, and safe for the workers to read while the writer
// records; the writer alone calls record and lookup.
type ledger struct {
	// start is the ledger as the run found it, by path.
	start map[string]store.FileState
	// byHash lists the paths of start by content hash, the one FileByHash prefers first;
	// startNext is, per hash, the index in it of the first path not recorded again since
	// (only grows: what was recorded stays recorded).
	byHash    map[string][]string
	startNext map[string]int
	// written is what the writer recorded in this run, by path; writtenByHash lists its
	// paths by the hashes they were recorded with (a path recorded twice may be listed under
	// a hash it no longer has); writtenBest is, per hash, the file of written FileByHash
	// prefers.
	written       map[string]store.FileState
	writtenByHash map[string][]string
	writtenBest   map[string]store.FileState
}

// newLedger indexes the ledger a run starts from.
func newLedger(start map[string]store.FileState) *ledger {
	l := &ledger{start: start, byHash: map[string][]string{}, startNext: map[string]int{},
		written: map[string]store.FileState{}, writtenByHash: map[string][]string{},
		writtenBest: map[string]store.FileState{}}
	for p, f := range start {
		if f.Hash != "" {
			l.byHash[f.Hash] = append(l.byHash[f.Hash], p)
		}
	}
	for _, paths := range l.byHash {
		if len(paths) > 1 {
			slices.SortFunc(paths, func(a, b string) int { return store.PreferFile(start[a], start[b]) })
		}
	}
	return l
}

// known returns the file the run started with that has the given content hash, as FileByHash
// would have at the start of the run. Workers call it; the writer's later records may make
// its answer stale, which lookup tells.
func (l *ledger) known(hash string) (store.FileState, bool) {
	if hash == "" {
		return store.FileState{}, false
	}
	if paths := l.byHash[hash]; len(paths) > 0 {
		return l.start[paths[0]], true
	}
	return store.FileState{}, false
}

// lookup returns the file with the given content hash as store.FileByHash would now, with the
// writer's records of this run counted in.
func (l *ledger) lookup(hash string) (store.FileState, bool) {
	if hash == "" {
		return store.FileState{}, false
	}
	var best store.FileState
	found := false
	// The first of the start's files not recorded again since (its list is in order).
	paths, i := l.byHash[hash], l.startNext[hash]
	for i < len(paths) {
		if _, again := l.written[paths[i]]; !again {
			break
		}
		i++
	}
	l.startNext[hash] = i
	if i < len(paths) {
		best, found = l.start[paths[i]], true
	}
	if f, ok := l.writtenBest[hash]; ok && (!found || store.PreferFile(f, best) < 0) {
		best, found = f, true
	}
	return best, found
}

// record notes that the writer recorded f (its Path, Hash and Status) in the store.
func (l *ledger) record(f store.FileState) {
	prev, again := l.written[f.Path]
	if !again || prev.Hash != f.Hash {
		if f.Hash != "" {
			l.writtenByHash[f.Hash] = append(l.writtenByHash[f.Hash], f.Path)
		}
	}
	l.written[f.Path] = f
	if again && prev.Hash != "" && prev.Hash != f.Hash && l.writtenBest[prev.Hash].Path == f.Path {
		l.rebest(prev.Hash) // the best of its old content is gone (rare: a path recorded twice)
	}
	if f.Hash == "" {
		return
	}
	switch b, ok := l.writtenBest[f.Hash]; {
	case !ok || store.PreferFile(f, b) < 0:
		l.writtenBest[f.Hash] = f
	case b.Path == f.Path:
		l.rebest(f.Hash) // the best recorded again, and no better: look at all (rare)
	}
}

// rebest finds the best written file of a content hash again.
func (l *ledger) rebest(hash string) {
	delete(l.writtenBest, hash)
	for _, p := range l.writtenByHash[hash] {
		if f := l.written[p]; f.Hash == hash {
			if b, ok := l.writtenBest[hash]; !ok || store.PreferFile(f, b) < 0 {
				l.writtenBest[hash] = f
			}
		}
	}
}
