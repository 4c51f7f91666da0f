package ingest

import (
	"context"
	"errors"

	"golang.org/x/sync/semaphore"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/importer"
)

// DecodeBudget bounds the bytes, decompressed, that the workers of a run read and decode at
// once, whatever Options.Jobs says: decoding holds a few times a file's size (a GPX about
// seven), so that 64 MiB keeps an import's peak memory near 600 MB even when every file is as
// large as importer.DefaultMaxFileBytes lets it be, while small files still decode on every
// worker. A file larger than the budget decodes alone.
const DecodeBudget = 64 << 20

// memory is the budget of a run's decoding (DecodeBudget), and the collector's room for it
// (Options.Decoding): both count the bytes a file expands to, not its size on disk.
type memory struct {
	sem      *semaphore.Weighted
	decoding func(size int64) (done func())
}

func newMemory(opts Options) *memory { return NewBudget(opts.Decoding).m }

// held is what a worker holds of the budget: the bytes it counts (size) and takes of the
// budget (n), and the end of the collector's room for them.
type held struct {
	size, n int64
	done    func()
}

// acquire takes room for size bytes (of the budget at most all, at least 64 KiB) in place of
// what h holds, giving h back first so that no worker waits while it holds any; it returns
// what is then held. A size no larger than h's keeps h.
func (m *memory) acquire(size int64, h held) held {
	if size <= h.size {
		return h
	}
	m.release(h)
	n := min(max(size, 64<<10), DecodeBudget)
	_ = m.sem.Acquire(context.Background(), n) // never fails without a deadline
	h = held{size: size, n: n, done: func() {}}
	if m.decoding != nil {
		h.done = m.decoding(size)
	}
	return h
}

// release gives back what h holds.
func (m *memory) release(h held) {
	if h.n == 0 {
		return
	}
	h.done()
	m.sem.Release(h.n)
}

// decodeBounded decodes data within the budget, h growing to the size data expands to: a
// gzip stream first as large as its trailer declares it (importer.SizeHint) and, should that
// understate it (a concatenated or a hostile stream), once more with all the room a file may
// take.
func decodeBounded(path string, data []byte, opts Options, m *memory, h *held) ([]activity.Activity, error) {
	iopts := opts.Importer
	decode := opts.Decode
	if decode == nil {
		decode = importer.Decode
	}
	limit := iopts.MaxFileBytes
	if limit <= 0 {
		limit = importer.DefaultMaxFileBytes
	}
	size := int64(len(data))
	if importer.Sniff(data) != importer.KindGzip {
		*h = m.acquire(size, *h)
		return decode(path, data, iopts)
	}
	if hint := max(importer.SizeHint(data), 1); hint < limit {
		*h = m.acquire(size+hint, *h)
		iopts.MaxFileBytes = hint
		acts, err := decode(path, data, iopts)
		if !errors.Is(err, importer.ErrTooLarge) {
			return acts, err
		}
	}
	*h = m.acquire(size+limit, *h)
	iopts.MaxFileBytes = limit
	return decode(path, data, iopts)
}

// Budget bounds the bytes, decompressed, that decoding holds at once across goroutines, as a
// run does (DecodeBudget), for callers that decode entries themselves (inspect).
type Budget struct{ m *memory }

// NewBudget returns a budget of DecodeBudget bytes; decoding, when set, hears of each
// file's bytes as Options.Decoding does.
func NewBudget(decoding func(size int64) (done func())) *Budget {
	return &Budget{m: &memory{sem: semaphore.NewWeighted(DecodeBudget), decoding: decoding}}
}

// Decode reads and decodes one entry within the budget.
func (b *Budget) Decode(e importer.Entry, opts importer.Options) ([]activity.Activity, error) {
	h := b.m.acquire(e.Size, held{})
	defer func() { b.m.release(h) }()
	data, err := e.Read()
	if err != nil {
		return nil, err
	}
	return decodeBounded(e.Path, data, Options{Importer: opts}, b.m, &h)
}
