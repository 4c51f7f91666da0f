package demo

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/easyday/easyday/activity"
)

// Bulk exports as the platforms write them, for the tests and `easyday demo --export`.

// ExportActivity is one activity of a bulk export: the activity, written as a file of Format
// as it is (its own Name included, which may be empty), and what the platform keeps beside
// the file.
type ExportActivity struct {
	Activity *activity.Activity
	Format   activity.Format
	// Name, Type, Description and Commute are the platform's: "City 10K Race", "Run".
	Name, Type, Description string
	Commute                 bool
}

// stravaHeader is the head of Strava's activities.csv, with the names it repeats (Elapsed
// Time, Distance, Commute): the first of each holds the figure as shown, the second the raw one.
var stravaHeader = []string{"Activity ID", "Activity Date", "Activity Name", "Activity Type",
	"Activity Description", "Elapsed Time", "Distance", "Max Heart Rate", "Relative Effort",
	"Commute", "Activity Private Note", "Activity Gear", "Filename", "Athlete Weight", "Bike Weight",
	"Elapsed Time", "Moving Time", "Distance", "Max Speed", "Average Speed", "Elevation Gain",
	"Commute", "Media"}

// WriteStravaExport writes acts into dir as Strava's bulk export unpacked: activities.csv
// (one row per activity, joined to its file by Filename, a description with a line break
// quoted as Strava quotes it) and activities/<id>.<format>.gz.
func WriteStravaExport(dir string, acts []ExportActivity) error {
	rows := make([][]string, len(acts))
	for i, e := range acts {
		var err error
		if rows[i], _, err = writeStravaFile(dir, i, e); err != nil {
			return err
		}
	}
	return writeStravaCSV(dir, rows)
}

// writeStravaFile writes the i-th activity's file of a Strava export into dir and returns its
// row of activities.csv and the file's size.
func writeStravaFile(dir string, i int, e ExportActivity) ([]string, int64, error) {
	if err := os.MkdirAll(filepath.Join(dir, "activities"), 0o755); err != nil {
		return nil, 0, fmt.Errorf("write strava export: %w", err)
	}
	id := strconv.Itoa(10000 + i)
	name := "activities/" + id + "." + string(e.Format) + ".gz"
	data, err := activityBytes(e.Activity, e.Format)
	if err == nil {
		data = gz(data)
		err = os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), data, 0o644)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("write strava export: %w", err)
	}
	a := e.Activity
	el := a.End().Sub(a.Begin()).Seconds()
	dist := 0.0
	if a.Summary != nil {
		dist = a.Summary.DistanceM
	}
	return []string{id, a.Start.UTC().Format("Jan 2, 2006, 3:04:05 PM"), e.Name, e.Type, e.Description,
		strconv.Itoa(int(el)), fmt.Sprintf("%.2f", dist/1000), "", "", strconv.FormatBool(e.Commute), "", "",
		name, "", "", strconv.Itoa(int(el)), strconv.Itoa(int(el)), fmt.Sprintf("%.1f", dist), "", "", "",
		map[bool]string{true: "1.0", false: "0.0"}[e.Commute], ""}, int64(len(data)), nil
}

// writeStravaCSV writes a Strava export's activities.csv with the given rows.
func writeStravaCSV(dir string, rows [][]string) error {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(stravaHeader)
	w.WriteAll(rows)
	if err := os.WriteFile(filepath.Join(dir, "activities.csv"), b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write strava export: %w", err)
	}
	return nil
}

// WriteGarminExport writes acts into dir as Garmin Connect's account export unpacked:
// DI_CONNECT/DI-Connect-Fitness/<user>_0_summarizedActivities.json (start times in epoch
// milliseconds, durations in milliseconds, distances in centimetres) and the files, as FIT
// whatever Format says, in DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip.
func WriteGarminExport(dir string, acts []ExportActivity) error {
	items := make([]garminItem, len(acts))
	for i, e := range acts {
		var err error
		if items[i], err = newGarminItem(i, e); err != nil {
			return err
		}
	}
	return writeGarmin(dir, items)
}

// garminSummary is one item of Garmin's summarizedActivitiesExport.
type garminSummary struct {
	ActivityID     int64   `json:"activityId"`
	Name           string  `json:"name"`
	Description    string  `json:"description,omitempty"`
	ActivityType   string  `json:"activityType"`
	SportType      string  `json:"sportType"`
	BeginTimestamp int64   `json:"beginTimestamp"`
	StartTimeGmt   int64   `json:"startTimeGmt"`
	StartTimeLocal int64   `json:"startTimeLocal"`
	Duration       float64 `json:"duration"`
	Distance       float64 `json:"distance"`
}

// garminItem is one activity of a Garmin export: its FIT file and its summary.
type garminItem struct {
	fit     []byte
	summary garminSummary
}

// newGarminItem makes the i-th activity of a Garmin export.
func newGarminItem(i int, e ExportActivity) (garminItem, error) {
	a := e.Activity
	data, err := activityBytes(a, activity.FormatFIT)
	if err != nil {
		return garminItem{}, fmt.Errorf("write garmin export: %w", err)
	}
	_, off := a.Start.Zone()
	s := garminSummary{ActivityID: int64(20000000000 + i), Name: e.Name, Description: e.Description,
		ActivityType: e.Type, SportType: strings.ToUpper(e.Type), BeginTimestamp: a.Begin().UnixMilli(),
		StartTimeGmt: a.Begin().UnixMilli(), StartTimeLocal: a.Begin().UnixMilli() + int64(off)*1000,
		Duration: float64(a.End().Sub(a.Begin()).Milliseconds())}
	if a.Summary != nil {
		s.Distance = a.Summary.DistanceM * 100
	}
	return garminItem{fit: data, summary: s}, nil
}

// writeGarmin writes a Garmin export's summaries and its zip of FIT files into dir.
func writeGarmin(dir string, items []garminItem) error {
	fitness := filepath.Join(dir, "DI_CONNECT", "DI-Connect-Fitness")
	uploads := filepath.Join(dir, "DI_CONNECT", "DI-Connect-Uploaded-Files")
	for _, d := range []string{fitness, uploads} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return fmt.Errorf("write garmin export: %w", err)
		}
	}
	list := make([]garminSummary, len(items))
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	for i, it := range items {
		list[i] = it.summary
		f, err := zw.Create(strconv.FormatInt(it.summary.ActivityID, 10) + ".fit")
		if err == nil {
			_, err = f.Write(it.fit)
		}
		if err != nil {
			return fmt.Errorf("write garmin export: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("write garmin export: %w", err)
	}
	js, err := json.Marshal([]map[string][]garminSummary{{"summarizedActivitiesExport": list}})
	if err != nil {
		return fmt.Errorf("write garmin export: %w", err)
	}
	if err := os.WriteFile(filepath.Join(fitness, "demo@example.com_0_summarizedActivities.json"), js, 0o644); err != nil {
		return fmt.Errorf("write garmin export: %w", err)
	}
	if err := os.WriteFile(filepath.Join(uploads, "UploadedFiles_0-_Part1.zip"), zb.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write garmin export: %w", err)
	}
	return nil
}

// Export layouts for GenerateExport.
const (
	ExportStrava = "strava"
	ExportGarmin = "garmin"
)

// GenerateExport writes the season into dir as a platform's bulk export, unpacked
// (ExportStrava or ExportGarmin; see WriteStravaExport and WriteGarminExport), with labels.tsv
// naming each activity's file in it. The files carry no name of their own: the platform's
// metadata does, the session's name where the plan gives one (its workout, "10K race",
// "Recovery run"), else Strava's "Morning Run". Only each activity's primary file is written
// (a Garmin export holds FIT files only). The Garmin export holds every FIT file in memory
// until it writes its zip.
func GenerateExport(dir string, opts Options, layout string) (Result, error) {
	if layout != ExportStrava && layout != ExportGarmin {
		return Result{}, fmt.Errorf("generate demo export: unknown layout %q (strava or garmin)", layout)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Result{}, fmt.Errorf("generate demo export: %w", err)
	}
	ss := plan(opts)
	type slot struct {
		p     Planned
		hasHR bool
		row   []string
		size  int64
		item  garminItem
		file  string
	}
	slots := make([]slot, len(ss))
	err := synthesizeEach(ss, func(i int, s *session, a *activity.Activity) error {
		sl := &slots[i]
		sl.p, sl.hasHR = planned(s, a), a.HasHeartRate()
		name := s.name
		if name == "" {
			name = stravaName(s.start, s.sport)
		}
		bare := *a
		bare.Name = ""
		e := ExportActivity{Activity: &bare, Format: s.primary, Name: name, Type: exportType(s.sport, layout)}
		var err error
		if layout == ExportStrava {
			if sl.row, sl.size, err = writeStravaFile(dir, i, e); err == nil {
				sl.file = sl.row[12]
			}
		} else {
			sl.item, err = newGarminItem(i, e)
			sl.file = fmt.Sprintf("DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip!/%d.fit", sl.item.summary.ActivityID)
		}
		return err
	})
	if err != nil {
		return Result{}, fmt.Errorf("generate demo export: %w", err)
	}
	var res Result
	rows := make([][]string, 0, len(ss))
	items := make([]garminItem, 0, len(ss))
	labels := make([]labelRow, 0, len(ss))
	for i, s := range ss {
		sl := &slots[i]
		res.Activities++
		res.Files++
		if layout == ExportStrava {
			rows = append(rows, sl.row)
			res.Bytes += sl.size
		} else {
			items = append(items, sl.item)
			res.Bytes += int64(len(sl.item.fit))
		}
		f := sl.p.Files[0]
		f.Name = sl.file
		if layout == ExportGarmin {
			f.Format = activity.FormatFIT
		}
		labels = append(labels, labelRow{file: f, date: s.start, sport: s.sport, label: sl.p.Label,
			mistakes: sl.p.Mistakes, hasHR: sl.hasHR, notes: sl.p.Notes})
	}
	if layout == ExportStrava {
		err = writeStravaCSV(dir, rows)
	} else {
		err = writeGarmin(dir, items)
	}
	if err == nil {
		err = writeLabels(filepath.Join(dir, "labels.tsv"), labels)
	}
	if err != nil {
		return Result{}, fmt.Errorf("generate demo export: %w", err)
	}
	return res, nil
}

// exportType is a sport as the platform's metadata names it.
func exportType(s activity.Sport, layout string) string {
	strava := map[activity.Sport]string{activity.SportRunning: "Run", activity.SportCycling: "Ride",
		activity.SportSwimming: "Swim", activity.SportWalking: "Walk", activity.SportHiking: "Hike"}
	garmin := map[activity.Sport]string{activity.SportRunning: "running", activity.SportCycling: "cycling",
		activity.SportSwimming: "lap_swimming", activity.SportWalking: "walking", activity.SportHiking: "hiking"}
	if layout == ExportGarmin {
		if t, ok := garmin[s]; ok {
			return t
		}
		return "other"
	}
	if t, ok := strava[s]; ok {
		return t
	}
	return "Workout"
}

// activityBytes writes a as format into memory.
func activityBytes(a *activity.Activity, format activity.Format) ([]byte, error) {
	var b bytes.Buffer
	var err error
	switch format {
	case activity.FormatFIT:
		err = WriteFIT(&b, a)
	case activity.FormatGPX:
		err = WriteGPX(&b, a)
	case activity.FormatTCX:
		err = WriteTCX(&b, a)
	default:
		err = fmt.Errorf("unknown format %q", format)
	}
	return b.Bytes(), err
}
