// Package rulestest keeps the rules versions honest (importer.RulesFIT and its siblings,
// analysis.RulesVersion): a test digests what the rules yield for the project's fixtures and
// the shared corpus, and Check compares the digests with those recorded in a golden file under
// the version of the rules that made them. A result that changed under an unchanged version
// fails, naming the constant to raise. Only tests use it.
package rulestest

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"maps"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/easyday/easyday/internal/corpus"
)

// Entry is what a golden file records of one input file.
type Entry struct {
	// Content is a digest of the file's bytes (Content): a fixture made anew is a new input,
	// not a change of the rules.
	Content string
	// Group names the rules that read the file: the format for the importer's rules.
	Group string
	// Version is the version the group's rules had.
	Version int
	// Digest is a digest of what the rules yielded (Digest).
	Digest string
}

// Content returns the digest of a file's bytes for Entry.Content.
func Content(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:8])
}

// Digest returns a digest of every value reachable from v: every field of every struct,
// exported or not, so that a field added to a type is digested without anyone remembering to.
// Floats are digested by value (every NaN alike), times as their instant and UTC offset, maps
// in the order of their keys' digests.
func Digest(v any) string {
	h := sha256.New()
	digestValue(h, reflect.ValueOf(v))
	return hex.EncodeToString(h.Sum(nil))[:32]
}

var timeType = reflect.TypeFor[time.Time]()

func digestValue(h hash.Hash, v reflect.Value) {
	var b [8]byte
	num := func(u uint64) {
		binary.LittleEndian.PutUint64(b[:], u)
		h.Write(b[:])
	}
	if !v.IsValid() {
		num(0)
		return
	}
	if v.Type() == timeType {
		if !v.CanInterface() {
			panic("rulestest: a time in an unexported field cannot be digested; teach digestValue")
		}
		tm := v.Interface().(time.Time)
		_, off := tm.Zone()
		num(uint64(tm.UnixNano()))
		num(uint64(off))
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			h.Write([]byte(v.Type().Field(i).Name))
			digestValue(h, v.Field(i))
		}
	case reflect.Slice, reflect.Array:
		num(uint64(v.Len()))
		for i := range v.Len() {
			digestValue(h, v.Index(i))
		}
	case reflect.Map:
		keys := map[string]reflect.Value{}
		for _, k := range v.MapKeys() {
			kh := sha256.New()
			digestValue(kh, k)
			keys[string(kh.Sum(nil))] = k
		}
		num(uint64(len(keys)))
		for _, kd := range slices.Sorted(maps.Keys(keys)) {
			h.Write([]byte(kd))
			digestValue(h, v.MapIndex(keys[kd]))
		}
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			num(0)
			return
		}
		num(1)
		digestValue(h, v.Elem())
	case reflect.String:
		num(uint64(v.Len()))
		h.Write([]byte(v.String()))
	case reflect.Bool:
		if v.Bool() {
			num(1)
		} else {
			num(0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		num(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		num(v.Uint())
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		if math.IsNaN(f) {
			f = math.NaN()
		}
		num(math.Float64bits(f))
	default:
		panic(fmt.Sprintf("rulestest: a %s cannot be digested; teach digestValue", v.Type()))
	}
}

// Inputs calls read with the name and bytes of every fixture in the project's testdata (named
// "testdata/NAME"; the archive aside: its entries are the fixtures' own) and, in a subtest
// that skips where the shared corpus is absent, of every file of the corpus ("corpus/FILE").
// dir is the project root, relative to the test's package.
func Inputs(t *testing.T, dir string, read func(name string, data []byte)) {
	t.Helper()
	fixtures, err := filepath.Glob(filepath.Join(dir, "testdata", "fixture-*"))
	if err != nil || len(fixtures) == 0 {
		t.Fatalf("no fixtures in %s (%v)", filepath.Join(dir, "testdata"), err)
	}
	for _, p := range fixtures {
		if !strings.HasSuffix(p, ".zip") {
			read("testdata/"+filepath.Base(p), mustRead(t, p))
		}
	}
	t.Run("corpus", func(t *testing.T) {
		root := corpus.Dir(t)
		for _, e := range corpus.Manifest(t) {
			read("corpus/"+e.File, mustRead(t, filepath.Join(root, e.File)))
		}
	})
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// T is what Check needs of a *testing.T.
type T interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
	Fatal(args ...any)
	Failed() bool
}

// Check compares got, the entries of the files a test read, with those recorded in the golden
// file. A file whose bytes are the same but whose result changed under a version not raised
// is an error that says what raise(group, version) returns (the constant to raise, and to
// what). Anything else new or different (a new file, a raised version) makes the golden file
// stale: an error, unless update is set, when Check records it, provided nothing failed.
// Recorded files the test did not read (the corpus, where absent) stay recorded.
func Check(t T, golden string, got map[string]Entry, raise func(group string, version int) string, update bool) {
	t.Helper()
	want := read(t, golden)
	record := maps.Clone(want)
	var stale []string
	for _, name := range slices.Sorted(maps.Keys(got)) {
		g, w := got[name], want[name]
		_, known := want[name]
		switch {
		case !known:
			stale = append(stale, name+": not recorded")
		case g.Content == w.Content && g.Digest != w.Digest && g.Version <= w.Version:
			t.Errorf("%s: the result changed under %s rules version %d: %s", name, g.Group, w.Version, raise(g.Group, w.Version))
			continue // never recorded under the old version
		case g != w:
			stale = append(stale, fmt.Sprintf("%s: version %d, was %d", name, g.Version, w.Version))
		default:
			continue
		}
		record[name] = g
	}
	if len(stale) == 0 {
		return
	}
	if !update {
		t.Errorf("%s is not up to date (run the test with -update):\n%s", golden, strings.Join(stale, "\n"))
		return
	}
	if t.Failed() {
		t.Fatalf("not updating %s while results changed under unchanged versions", golden)
	}
	write(t, golden, record)
}

func read(t T, golden string) map[string]Entry {
	t.Helper()
	m := map[string]Entry{}
	f, err := os.Open(golden)
	if os.IsNotExist(err) {
		return m
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fs := strings.Split(line, "\t")
		if len(fs) != 5 {
			t.Fatalf("%s: bad line %q", golden, line)
		}
		v, err := strconv.Atoi(fs[3])
		if err != nil {
			t.Fatalf("%s: bad line %q", golden, line)
		}
		m[fs[0]] = Entry{Content: fs[1], Group: fs[2], Version: v, Digest: fs[4]}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}

func write(t T, golden string, m map[string]Entry) {
	t.Helper()
	var sb strings.Builder
	sb.WriteString("# file\tcontent\trules\tversion\tdigest of the result (internal/rulestest)\n")
	for _, name := range slices.Sorted(maps.Keys(m)) {
		e := m[name]
		fmt.Fprintf(&sb, "%s\t%s\t%s\t%d\t%s\n", name, e.Content, e.Group, e.Version, e.Digest)
	}
	if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(golden, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
