package importer

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/easyday/easyday/activity"
)

// Bulk exports carry what their activity files lack: the names, types, descriptions and
// commute marks the athlete gave on the platform.
//
//   - Strava: activities.csv beside the activities/ folder, a row per activity, joined to
//     its file by the Filename column (relative to the CSV's folder). Strava repeats some
//     column names (Elapsed Time, Distance, Commute): the first of each is read.
//   - Garmin Connect: DI_CONNECT/DI-Connect-Fitness/*_summarizedActivities.json, joined to
//     the FIT files of the same export by start time (within ExportJoin) and sport.
const (
	stravaCSV = "activities.csv"
	// garminFitness is the folder of Garmin's summaries within an export; garminSummaries
	// ends their file names.
	garminFitness   = "DI_CONNECT/DI-Connect-Fitness"
	garminSummaries = "_summarizedActivities.json"
	// ExportJoin: a Garmin summary describes the activity of a file that starts within this.
	ExportJoin = 60 * time.Second
)

// ExportActivity is one activity as an export's metadata describes it.
type ExportActivity struct {
	Name, Type, Description string
	Commute                 bool
	// Start is when it began (Garmin; zero for Strava's rows, which join by file name).
	Start time.Time
}

// ExportMeta is what a bulk export says of its activities beside their files.
type ExportMeta struct {
	// Source names the file it was read from.
	Source string
	// byFile holds Strava's rows by the path the walker gives their file.
	byFile map[string]ExportActivity
	// byStart holds Garmin's summaries, sorted by start.
	byStart []ExportActivity
}

// exportScope is an export's metadata and the path prefix of the files it describes.
type exportScope struct {
	prefix string
	meta   *ExportMeta
}

// metaFor returns the metadata of the innermost export holding p, nil when none does.
func (w *Walker) metaFor(p string) *ExportMeta {
	var best *exportScope
	for i := range w.exports {
		s := &w.exports[i]
		if strings.HasPrefix(p, s.prefix) && (best == nil || len(s.prefix) > len(best.prefix)) {
			best = s
		}
	}
	if best == nil {
		return nil
	}
	return best.meta
}

// scanFolderExport reads the export metadata a folder holds (activities.csv in it, Garmin's
// summaries under its DI_CONNECT) and scopes it to the files under the folder. A metadata
// file that cannot be read reaches fn as an Entry with Err set.
func (w *Walker) scanFolderExport(dir string, fn func(Entry) error) error {
	meta := &ExportMeta{}
	found := false
	csvPath := filepath.Join(dir, stravaCSV)
	if info, err := os.Stat(csvPath); err == nil && info.Mode().IsRegular() {
		b, err := readFileLimited(csvPath, w.opts.MaxFileBytes)
		if err == nil {
			err = meta.addStrava(b, func(name string) string { return filepath.Join(dir, filepath.FromSlash(name)) })
		}
		if err != nil {
			if ferr := fn(Entry{Path: csvPath, Size: info.Size(), ModTime: info.ModTime(), Err: fmt.Errorf("read %s: %w", csvPath, err)}); ferr != nil {
				return ferr
			}
		} else {
			meta.Source, found = csvPath, true
		}
	}
	matches, _ := filepath.Glob(filepath.Join(dir, filepath.FromSlash(garminFitness), "*"+garminSummaries))
	for _, m := range matches {
		b, err := readFileLimited(m, w.opts.MaxFileBytes)
		if err == nil {
			err = meta.addGarmin(b)
		}
		if err != nil {
			if ferr := fn(Entry{Path: m, Err: fmt.Errorf("read %s: %w", m, err)}); ferr != nil {
				return ferr
			}
			continue
		}
		meta.Source, found = m, true
	}
	if found {
		meta.sort()
		w.exports = append(w.exports, exportScope{prefix: filepath.Clean(dir) + string(filepath.Separator), meta: meta})
	}
	return nil
}

// scanZipExport reads the export metadata an archive holds and scopes it to the archive's
// entries. prefix is the archive's display path.
func (w *Walker) scanZipExport(zr *zip.Reader, prefix, archive string, fn func(Entry) error) error {
	for _, zf := range zr.File {
		name := path.Clean("/" + strings.ReplaceAll(zf.Name, "\\", "/"))[1:]
		base := path.Base(name)
		var root string
		switch {
		case base == stravaCSV:
			root = path.Dir(name)
		case strings.HasSuffix(base, garminSummaries) && strings.HasSuffix(path.Dir(name), garminFitness):
			root = strings.TrimSuffix(path.Dir(name), garminFitness)
		default:
			continue
		}
		display := prefix + "!/" + name
		b, err := readZipEntry(zf, w.opts.MaxFileBytes)
		meta := &ExportMeta{Source: display}
		scope := prefix + "!/"
		if root = strings.Trim(root, "/"); root != "" && root != "." {
			scope += root + "/"
		}
		if err == nil {
			if base == stravaCSV {
				err = meta.addStrava(b, func(file string) string {
					return scope + path.Clean(strings.ReplaceAll(file, "\\", "/"))
				})
			} else {
				err = meta.addGarmin(b)
			}
		}
		if err != nil {
			if ferr := fn(Entry{Path: display, Archive: archive, Err: fmt.Errorf("read %s: %w", display, err)}); ferr != nil {
				return ferr
			}
			continue
		}
		meta.sort()
		w.exports = append(w.exports, exportScope{prefix: scope, meta: meta})
	}
	return nil
}

// addStrava reads Strava's activities.csv; file maps its Filename column to the walker's path.
func (m *ExportMeta) addStrava(b []byte, file func(name string) string) error {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	head, err := r.Read()
	if err != nil {
		return fmt.Errorf("activities.csv header: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		if _, dup := col[h]; !dup { // Strava repeats some names: the first counts
			col[strings.TrimSpace(h)] = i
		}
	}
	fi, ok := col["Filename"]
	if !ok {
		return errors.New("activities.csv has no Filename column")
	}
	get := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	if m.byFile == nil {
		m.byFile = map[string]ExportActivity{}
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("activities.csv: %w", err)
		}
		if fi >= len(rec) || strings.TrimSpace(rec[fi]) == "" {
			continue // a manual activity: no file
		}
		commute := strings.ToLower(get(rec, "Commute"))
		m.byFile[file(strings.TrimSpace(rec[fi]))] = ExportActivity{
			Name: get(rec, "Activity Name"), Type: get(rec, "Activity Type"),
			Description: get(rec, "Activity Description"),
			Commute:     commute == "true" || commute == "1" || commute == "1.0",
		}
	}
}

// garminSummary is one item of summarizedActivitiesExport: times in epoch milliseconds.
type garminSummary struct {
	Name           string          `json:"name"`
	Description    string          `json:"description"`
	ActivityType   json.RawMessage `json:"activityType"` // "running", or {"typeKey": "running"}
	SportType      string          `json:"sportType"`
	BeginTimestamp *float64        `json:"beginTimestamp"`
	StartTimeGmt   *float64        `json:"startTimeGmt"`
}

// addGarmin reads a Garmin summarizedActivities.json: [{"summarizedActivitiesExport": [...]}].
func (m *ExportMeta) addGarmin(b []byte) error {
	var doc []struct {
		Export []garminSummary `json:"summarizedActivitiesExport"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return fmt.Errorf("summarizedActivities: %w", err)
	}
	for _, d := range doc {
		for _, s := range d.Export {
			ms := s.BeginTimestamp
			if ms == nil {
				ms = s.StartTimeGmt
			}
			if ms == nil || math.IsNaN(*ms) {
				continue
			}
			typ := ""
			var key struct {
				TypeKey string `json:"typeKey"`
			}
			if json.Unmarshal(s.ActivityType, &typ) != nil && json.Unmarshal(s.ActivityType, &key) == nil {
				typ = key.TypeKey
			}
			if typ == "" {
				typ = strings.ToLower(s.SportType)
			}
			m.byStart = append(m.byStart, ExportActivity{Name: s.Name, Type: typ, Description: s.Description,
				Start: time.UnixMilli(int64(*ms)).UTC()})
		}
	}
	return nil
}

func (m *ExportMeta) sort() {
	sort.SliceStable(m.byStart, func(i, j int) bool { return m.byStart[i].Start.Before(m.byStart[j].Start) })
}

// lookup finds what the export says of the activity a of the file at p.
func (m *ExportMeta) lookup(p string, a *activity.Activity) (ExportActivity, bool) {
	if e, ok := m.byFile[p]; ok && a.Source.Session == 0 {
		return e, true
	}
	start := a.Begin()
	i := sort.Search(len(m.byStart), func(i int) bool { return !m.byStart[i].Start.Before(start.Add(-ExportJoin)) })
	best, found := ExportActivity{}, false
	for ; i < len(m.byStart) && !m.byStart[i].Start.After(start.Add(ExportJoin)); i++ {
		e := m.byStart[i]
		if sport, _, ok := sportFromText(e.Type); ok && a.Sport != activity.SportOther && sport != a.Sport {
			continue
		}
		if !found || e.Start.Sub(start).Abs() < best.Start.Sub(start).Abs() {
			best, found = e, true
		}
	}
	return best, found
}

// deviceNames are the names devices give every activity: no name at all.
var deviceNames = map[string]bool{"": true, "run": true, "move": true, "sport": true}

// Annotate gives the activities decoded from entry e what its export says of them: the name,
// where the file has none or only a device default (Run, Move, Sport); the sport, where the
// file's is other; the description and the commute mark. A note says where they came from.
func (e Entry) Annotate(acts []activity.Activity) {
	if e.Meta == nil {
		return
	}
	for i := range acts {
		a := &acts[i]
		x, ok := e.Meta.lookup(e.Path, a)
		if !ok {
			continue
		}
		var took []string
		if x.Name != "" && deviceNames[strings.ToLower(strings.TrimSpace(a.Name))] {
			a.Name = x.Name
			took = append(took, "name")
		}
		if sport, sub, ok := sportFromText(x.Type); ok && a.Sport == activity.SportOther {
			a.Sport = sport
			if a.SubSport == "" {
				a.SubSport = sub
			}
			took = append(took, "sport")
		}
		if x.Description != "" && a.Description == "" {
			a.Description = x.Description
			took = append(took, "description")
		}
		if x.Commute && !a.Commute {
			a.Commute = true
			took = append(took, "commute")
		}
		if len(took) > 0 {
			a.Notes = append(a.Notes, fmt.Sprintf("%s from the export's %s", strings.Join(took, ", "), e.Meta.Source))
		}
	}
}
