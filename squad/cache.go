package squad

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/easyday/easyday/internal/atomicfile"
	"github.com/easyday/easyday/report"
)

// RowCacheName is the file in sync --all's --out folder that remembers the rows of the last
// run, so that a night with nothing new does not build them again (RowCache).
const RowCacheName = ".easyday-squad"

// RowCache holds each athlete's last row with the state it was built in: the athlete's day
// and everything the athlete's sync renders under (profile, zone, units, format). A row is
// reused only in the same state and when the sync changed nothing. Safe for concurrent use.
type RowCache struct {
	path    string
	mu      sync.Mutex
	rows    map[string]cachedRow
	changed bool
}

type cachedRow struct {
	State string  `json:"state"`
	Row   rowJSON `json:"row"`
}

// rowJSON is Row as the cache keeps it: NaN as null.
type rowJSON struct {
	Today                    time.Time     `json:"today"`
	Flags                    []report.Flag `json:"flags"`
	Warnings, Advice         int
	Load, Usual, Form        *float64
	RecoveryRuns, RecoveryOK int
	Last                     time.Time `json:"last"`
}

func orNull(v float64) *float64 {
	if math.IsNaN(v) {
		return nil
	}
	return &v
}

func orNaN(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

// LoadRowCache reads the cache in dir; a missing or unreadable one is an empty cache (it only
// saves work).
func LoadRowCache(dir string) *RowCache {
	c := &RowCache{path: filepath.Join(dir, RowCacheName), rows: map[string]cachedRow{}}
	if b, err := os.ReadFile(c.path); err == nil {
		if json.Unmarshal(b, &c.rows) != nil {
			c.rows = map[string]cachedRow{}
		}
	}
	return c
}

// Get returns the athlete's row built in state, if the cache has it.
func (c *RowCache) Get(key, state string) (Row, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cr, ok := c.rows[key]
	if !ok || cr.State != state {
		return Row{}, false
	}
	j := cr.Row
	return Row{Key: key, Today: j.Today, Flags: j.Flags, Warnings: j.Warnings, Advice: j.Advice,
		Load: orNaN(j.Load), Usual: orNaN(j.Usual), Form: orNaN(j.Form),
		RecoveryRuns: j.RecoveryRuns, RecoveryOK: j.RecoveryOK, Last: j.Last}, true
}

// Put keeps the athlete's row built in state.
func (c *RowCache) Put(key, state string, r Row) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.rows[key] = cachedRow{State: state, Row: rowJSON{Today: r.Today, Flags: r.Flags, Warnings: r.Warnings, Advice: r.Advice,
		Load: orNull(r.Load), Usual: orNull(r.Usual), Form: orNull(r.Form),
		RecoveryRuns: r.RecoveryRuns, RecoveryOK: r.RecoveryOK, Last: r.Last}}
	c.changed = true
}

// Save writes the cache when Put changed it, atomically.
func (c *RowCache) Save() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.changed {
		return nil
	}
	b, err := json.Marshal(c.rows)
	if err == nil {
		_, err = atomicfile.Write(c.path, b)
	}
	return err
}
