package importer_test

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"flag"
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

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/importer"
	"github.com/easyday/easyday/internal/corpus"
)

var update = flag.Bool("update", false, "record the decoding results of TestRulesVersion in testdata/rules.golden")

// rulesGolden records, per file of the project's fixtures and of the shared corpus, the
// rules version its format had and a digest of what Decode yields for it.
const rulesGolden = "testdata/rules.golden"

// rulesEntry is one line of rulesGolden.
type rulesEntry struct {
	content string // a digest of the file's bytes: a fixture made anew is no decoding change
	format  activity.Format
	version int
	digest  string
}

// TestRulesVersion makes forgetting importer.RulesFIT, RulesGPX or RulesTCX hard: it decodes
// every fixture in ../testdata and every file of the shared corpus (where present) and
// compares a digest of every decoded value with the one recorded under the rules version
// of the file's format. A result that changed while the version did not fails with the
// constant to raise; once raised, -update records the new results (and refuses to record a
// changed result under an unchanged version).
func TestRulesVersion(t *testing.T) {
	got := map[string]rulesEntry{}
	fixtures, err := filepath.Glob(filepath.Join("..", "testdata", "fixture-*"))
	if err != nil || len(fixtures) == 0 {
		t.Fatalf("no fixtures in ../testdata (%v)", err)
	}
	for _, p := range fixtures {
		if strings.HasSuffix(p, ".zip") {
			continue // an archive: its entries are the fixtures' own
		}
		got["testdata/"+filepath.Base(p)] = decodeEntry(t, "testdata/"+filepath.Base(p), mustRead(t, p))
	}
	t.Run("corpus", func(t *testing.T) {
		dir := corpus.Dir(t)
		for _, e := range corpus.Manifest(t) {
			got["corpus/"+e.File] = decodeEntry(t, e.File, mustRead(t, filepath.Join(dir, e.File)))
		}
	})

	want := readRulesGolden(t)
	record := maps.Clone(want)
	var stale []string
	for _, name := range slices.Sorted(maps.Keys(got)) {
		g, w := got[name], want[name]
		_, known := want[name]
		switch {
		case !known:
			stale = append(stale, name+": not recorded")
		case g.content == w.content && g.digest != w.digest && g.version <= w.version:
			t.Errorf("decoding %s (%s) changed under rules version %d: raise %s to %d in importer/rules.go, then run go test ./importer -run TestRulesVersion -update",
				name, g.format, w.version, constantOf(g.format), w.version+1)
			continue // never recorded under the old version
		case g != w:
			stale = append(stale, fmt.Sprintf("%s: version %d, was %d", name, g.version, w.version))
		default:
			continue
		}
		record[name] = g
	}
	if len(stale) == 0 {
		return
	}
	if !*update {
		t.Errorf("%s is not up to date (run go test ./importer -run TestRulesVersion -update):\n%s",
			rulesGolden, strings.Join(stale, "\n"))
		return
	}
	if t.Failed() {
		t.Fatalf("not updating %s while results changed under unchanged versions", rulesGolden)
	}
	writeRulesGolden(t, record)
}

// constantOf names the constant that holds format's rules version.
func constantOf(f activity.Format) string {
	switch f {
	case activity.FormatFIT:
		return "importer.RulesFIT"
	case activity.FormatGPX:
		return "importer.RulesGPX"
	case activity.FormatTCX:
		return "importer.RulesTCX"
	}
	return "every importer.Rules constant"
}

// decodeEntry decodes data and digests the result: every field of every activity, or only
// that it failed (the wording of an error is no result).
func decodeEntry(t *testing.T, name string, data []byte) rulesEntry {
	t.Helper()
	acts, err := importer.Decode(name, data, importer.Options{})
	h := sha256.New()
	if err != nil {
		h.Write([]byte("failed"))
	} else {
		digestValue(h, reflect.ValueOf(acts))
	}
	f := importer.FormatOf(data)
	if len(acts) > 0 {
		f = acts[0].Source.Format
	}
	content := sha256.Sum256(data)
	return rulesEntry{content: hex.EncodeToString(content[:8]), format: f, version: importer.RulesVersion(f),
		digest: hex.EncodeToString(h.Sum(nil))[:32]}
}

var timeType = reflect.TypeFor[time.Time]()

// digestValue writes v into h, every exported and unexported field, so that a field added to
// the model is digested without anyone remembering to. Floats are written by value (every NaN
// alike), times as their instant and UTC offset.
func digestValue(h hash.Hash, v reflect.Value) {
	var b [8]byte
	num := func(u uint64) {
		binary.LittleEndian.PutUint64(b[:], u)
		h.Write(b[:])
	}
	if v.Type() == timeType {
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
	case reflect.Pointer:
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
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		num(v.Uint())
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		if math.IsNaN(f) {
			f = math.NaN()
		}
		num(math.Float64bits(f))
	default:
		panic(fmt.Sprintf("digestValue: %s not digested; teach it", v.Type()))
	}
}

func readRulesGolden(t *testing.T) map[string]rulesEntry {
	t.Helper()
	m := map[string]rulesEntry{}
	f, err := os.Open(rulesGolden)
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
			t.Fatalf("%s: bad line %q", rulesGolden, line)
		}
		v, err := strconv.Atoi(fs[3])
		if err != nil {
			t.Fatalf("%s: bad line %q", rulesGolden, line)
		}
		m[fs[0]] = rulesEntry{content: fs[1], format: activity.Format(fs[2]), version: v, digest: fs[4]}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}

func writeRulesGolden(t *testing.T, m map[string]rulesEntry) {
	t.Helper()
	var sb strings.Builder
	sb.WriteString("# file\tcontent\tformat\trules version\tdigest of what importer.Decode yields (TestRulesVersion)\n")
	for _, name := range slices.Sorted(maps.Keys(m)) {
		e := m[name]
		fmt.Fprintf(&sb, "%s\t%s\t%s\t%d\t%s\n", name, e.content, e.format, e.version, e.digest)
	}
	if err := os.MkdirAll(filepath.Dir(rulesGolden), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(rulesGolden, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
