package report

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"math"
	"reflect"
	"slices"
	"strings"
	"time"
)

// Manifest names the files a report renders into a folder, each with a fingerprint of what
// its content is made of. `easyday sync` keeps the manifest of what it wrote beside the files
// and renders again exactly the files whose fingerprint differs from the one recorded (or
// that are missing): what is rendered is decided from the store's content, not from what one
// run imported, so that a sync stopped half way, or an import between two syncs, is made good
// by the next sync, which then leaves the folder as a sync into an empty folder would.
type Manifest map[string]string

// Pages returns the manifest of report r rendered in format ("html": one page per week and
// index.html; otherwise the one report file named file) with opts. salt names everything
// else the content depends on that r does not hold, such as the program's version.
//
// A week page's fingerprint covers the week's activities, totals and flags (every field of
// its Week, those JSON leaves out too: start times, time above the ceiling, the effort model),
// the weeks it links to, the profile and its sources, the rules the flags applied, the zones
// (the report's and the one times are shown in), the units and salt; the index's and a single file's cover every week. The heart-rate
// series of a recovery run's chart is not in it: it belongs to the activity's id, which a
// changed file replaces.
func Pages(r Report, format, file string, opts Options, salt string) (Manifest, error) {
	m, _, err := PagesWith(r, format, file, opts, salt, nil)
	return m, err
}

// WeekPrint is one week's fingerprint in a manifest, by its ISO week.
type WeekPrint struct {
	Week, FP string
}

// PagesWith is Pages, and also returns every week's fingerprint, oldest first. With before
// (the fingerprints of the weeks up to and including r's first, oldest first, as an earlier
// PagesWith gave them), r is a window of recent weeks whose first week is there only to be
// linked back to: the manifest holds the pages of r's other weeks and the index (or the one
// file), whose fingerprint covers before's weeks as Pages of the whole report would.
func PagesWith(r Report, format, file string, opts Options, salt string, before []WeekPrint) (Manifest, []WeekPrint, error) {
	units, err := opts.units()
	if err != nil {
		return nil, nil, err
	}
	// What every page depends on: every field of r but its weeks, and but those only the
	// index and the one-file formats show (pageOnlyIndex), which go into the index's.
	prefix := sha256.New()
	fmt.Fprintf(prefix, "%s\x00%s\x00imperial %t\x00", salt, format, units.imperial)
	hashValue(prefix, reflect.ValueOf(opts.Loc))
	rv := reflect.ValueOf(r)
	indexOnly := sha256.New()
	for i := range rv.NumField() {
		switch name := rv.Type().Field(i).Name; {
		case name == "Weeks":
		case pageOnlyIndex[name]:
			hashValue(indexOnly, rv.Field(i))
		default:
			hashValue(prefix, rv.Field(i))
		}
	}
	base := prefix.Sum(nil)
	fresh := func() hash.Hash {
		h := sha256.New()
		h.Write(base)
		return h
	}
	sum := func(h hash.Hash) string { return hex.EncodeToString(h.Sum(nil)) }

	m := Manifest{}
	all := fresh()
	all.Write(indexOnly.Sum(nil))
	prints := slices.Clone(before)
	for _, p := range before {
		fmt.Fprintf(all, "%s %s\n", p.Week, p.FP)
	}
	skip := 0
	if before != nil {
		if len(r.Weeks) == 0 || before[len(before)-1].Week != r.Weeks[0].Week {
			return nil, nil, fmt.Errorf("report pages: the window does not start with the last week before it")
		}
		skip = 1
	}
	for i := skip; i < len(r.Weeks); i++ {
		wk := r.Weeks[i]
		h := fresh()
		hashValue(h, reflect.ValueOf(wk))
		if i > 0 {
			fmt.Fprintf(h, "\x00prev %s", r.Weeks[i-1].Week)
		}
		if i+1 < len(r.Weeks) {
			fmt.Fprintf(h, "\x00next %s", r.Weeks[i+1].Week)
		}
		fp := sum(h)
		fmt.Fprintf(all, "%s %s\n", wk.Week, fp)
		prints = append(prints, WeekPrint{Week: wk.Week, FP: fp})
		if format == "html" {
			m[WeekFileName(wk)] = fp
		}
	}
	m[file] = sum(all)
	return m, prints, nil
}

// Fingerprint is a SHA-256 of vs, all of them, as Pages hashes a report's values (every
// field, unexported ones too; maps in key order), in hex.
func Fingerprint(vs ...any) string {
	h := sha256.New()
	for _, v := range vs {
		hashValue(h, reflect.ValueOf(v))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// hashValue writes v to h, all of it (unexported fields too, whatever JSON leaves out), the
// same way for the same value in every run: maps in key order, pointers followed (a pointer
// back to a value it is inside of is written as such, once), a time as its instant and zone
// name, floats by their bits (NaN included); functions and channels are left out. Two things
// of an Activity are left out: its HR (the chart's series, loaded only for the pages written),
// and, for an activity a flag links to (its subject, the day before, the hard sessions), its
// own flags, which a report of a window of weeks (BuildWindow) does not compute for the
// activities of the weeks before it: the flag's words use the activity, not its flags.
func hashValue(h io.Writer, v reflect.Value) {
	(&valueHasher{w: h, inside: map[uintptr]bool{}}).hash(v)
}

// valueHasher is hashValue's walk: inside holds the pointers it is within; linked counts the
// activities reached through a pointer it is within.
type valueHasher struct {
	w      io.Writer
	inside map[uintptr]bool
	linked int
	buf    []byte
}

// activityHR and activityFlags are the indices of Activity's fields hashValue leaves out.
var (
	activityHR    = fieldIndex[Activity]("HR")
	activityFlags = fieldIndex[Activity]("Flags")
)

func fieldIndex[T any](name string) int {
	f, ok := reflect.TypeFor[T]().FieldByName(name)
	if !ok || len(f.Index) != 1 {
		panic("report: no field " + name)
	}
	return f.Index[0]
}

func (vh *valueHasher) hash(v reflect.Value) {
	if !v.IsValid() {
		vh.put('n')
		return
	}
	switch t := v.Type(); {
	case t == reflect.TypeFor[time.Time]():
		if v.CanInterface() {
			tm := v.Interface().(time.Time)
			vh.putInt('t', tm.UnixNano())
			vh.putString('z', tm.Location().String())
			return
		}
	case t == reflect.TypeFor[*time.Location]():
		if v.IsNil() {
			vh.put('n')
		} else if v.CanInterface() {
			vh.putString('z', v.Interface().(*time.Location).String())
		}
		return
	}
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			vh.put('T')
		} else {
			vh.put('F')
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		vh.putInt('i', v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		vh.putInt('u', int64(v.Uint()))
	case reflect.Float32, reflect.Float64:
		vh.putInt('f', int64(math.Float64bits(v.Float())))
	case reflect.String:
		vh.putString('s', v.String())
	case reflect.Pointer:
		if v.IsNil() {
			vh.put('n')
			return
		}
		if v.Type() == reflect.TypeFor[*Activity]() {
			vh.linked++
			defer func() { vh.linked-- }()
		}
		p := v.Pointer()
		if vh.inside[p] {
			vh.put('c')
			return
		}
		vh.inside[p] = true
		vh.put('p') // a pointer to a value is not the value, nor nil
		vh.hash(v.Elem())
		delete(vh.inside, p)
	case reflect.Interface:
		if v.IsNil() {
			vh.put('n')
			return
		}
		vh.putString('I', v.Elem().Type().String()) // int64(5) is not a time.Duration(5)
		vh.hash(v.Elem())
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			vh.put('N') // JSON writes null, not []
			return
		}
		vh.putInt('[', int64(v.Len()))
		for i := range v.Len() {
			vh.hash(v.Index(i))
		}
	case reflect.Map:
		if v.IsNil() {
			vh.put('N')
			return
		}
		keys := v.MapKeys()
		key := func(k reflect.Value) string {
			if k.Kind() == reflect.String {
				return k.String()
			}
			return fmt.Sprint(k)
		}
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(key(a), key(b)) })
		vh.putInt('{', int64(len(keys)))
		for _, k := range keys {
			vh.hash(k)
			vh.hash(v.MapIndex(k))
		}
	case reflect.Struct:
		act := v.Type() == reflect.TypeFor[Activity]()
		for i := range v.NumField() {
			if act && (i == activityHR || (i == activityFlags && vh.linked > 0)) {
				continue
			}
			vh.hash(v.Field(i))
		}
	}
}

// put, putInt and putString write one tagged value: the tag, and for a number its 8 bytes,
// for a string its length and bytes, so that no two sequences of values write the same bytes.
func (vh *valueHasher) put(tag byte) {
	vh.buf = append(vh.buf[:0], tag)
	vh.w.Write(vh.buf)
}

func (vh *valueHasher) putInt(tag byte, n int64) {
	vh.buf = binary.LittleEndian.AppendUint64(append(vh.buf[:0], tag), uint64(n))
	vh.w.Write(vh.buf)
}

func (vh *valueHasher) putString(tag byte, s string) {
	vh.putInt(tag, int64(len(s)))
	io.WriteString(vh.w, s)
}

// pageOnlyIndex names the fields of Report that only the index and the one-file formats show,
// not the week pages: today's advice and the season would otherwise render every week page
// again every day.
var pageOnlyIndex = map[string]bool{"Season": true, "Advice": true}

// Stale compares m, the files a report renders now, with old, those last written: it
// returns the files to render (new, changed, or missing as exists tells) and the files old
// lists that the report no longer has (to remove), both sorted.
func (m Manifest) Stale(old Manifest, exists func(name string) bool) (render, gone []string) {
	for name, fp := range m {
		if old[name] != fp || !exists(name) {
			render = append(render, name)
		}
	}
	for name := range old {
		if _, ok := m[name]; !ok {
			gone = append(gone, name)
		}
	}
	slices.Sort(render)
	slices.Sort(gone)
	return render, gone
}
