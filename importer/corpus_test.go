package importer_test

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/muktihari/fit/decoder"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/importer"
	"github.com/easyday/easyday/internal/corpus"
)

// wholeDespiteBadDir lists the files under bad/ that easyday imports whole, with the evidence.
// Each is checked below to decode like its twin among the valid files (twinShape): the same
// activities, sports, device, name, notes and verdict, each with samples, laps, timer events
// and a device summary as the twin has them; only the recordings' values differ.
var wholeDespiteBadDir = map[string]string{
	// fitdecode keeps this Wahoo ELEMNT BOLT file among its invalid files because its
	// developer_data_id messages carry no application_id. fit/gpsbabel__wahoo-element-bolt.fit
	// (and two more Wahoo files in fit/) have exactly the same structure, and python-fitparse's
	// own test expects the file to parse. Nothing in it is damaged: CRC, records, laps and
	// session agree. Marking it partial would mark every Wahoo ELEMNT file partial.
	"bad/fitparse__elemnt-bolt-no-application-id-inside-developer-data-id.fit": "fit/gpsbabel__wahoo-element-bolt.fit",
}

// TestCorpus decodes every file of the shared corpus: activity files must decode (unless the
// manifest says every reference decoder fails on them), non-activity files and the files under
// bad/ must give an error naming the problem or come back marked partial. Nothing may panic.
func TestCorpus(t *testing.T) {
	dir := corpus.Dir(t)
	for _, e := range corpus.Manifest(t) {
		t.Run(e.File, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, e.File))
			if err != nil {
				t.Fatal(err)
			}
			acts, err := importer.Decode(e.File, data, importer.Options{})
			switch {
			case e.Bad():
				if twin, ok := wholeDespiteBadDir[e.File]; ok {
					if err != nil || len(acts) == 0 {
						t.Fatalf("decode: %v; want it whole like its twin %s", err, twin)
					}
					tw, terr := importer.Decode(twin, mustRead(t, filepath.Join(dir, twin)), importer.Options{})
					if terr != nil {
						t.Fatalf("twin %s: %v", twin, terr)
					}
					if diff := cmp.Diff(shapesOf(tw), shapesOf(acts), cmpopts.EquateEmpty()); diff != "" {
						t.Fatalf("decodes unlike its twin %s (-twin +file):\n%s", twin, diff)
					}
					return
				}
				if err == nil {
					for _, a := range acts {
						if !a.Partial {
							t.Fatalf("decoded whole (%d samples); want an error or partial", len(a.Samples))
						}
					}
					t.Logf("partial: %v", acts[0].Notes)
				} else {
					t.Logf("error: %v", err)
					if err.Error() == "" {
						t.Fatal("empty error")
					}
				}
			case e.NonActivity():
				if err == nil {
					t.Fatalf("decoded %d activities from a non-activity file", len(acts))
				}
				if !errors.Is(err, importer.ErrNotActivity) {
					t.Fatalf("error %v; want ErrNotActivity", err)
				}
			case e.EveryDecoderFails():
				if err == nil && len(acts) == 0 {
					t.Fatal("no error and no activity")
				}
				t.Logf("err=%v activities=%d", err, len(acts))
			default:
				if err != nil {
					t.Fatalf("decode: %v", err)
				}
				if len(acts) == 0 {
					t.Fatal("no activity")
				}
			}
		})
	}
}

// twinShape is what an activity of a file under bad/ shares with its twin's: everything but
// the values the two recordings hold.
type twinShape struct {
	Sport                                     activity.Sport
	SubSport, Device, Name                    string
	Partial, HasUTCOffset                     bool
	Notes                                     []string
	HasSamples, HasLaps, HasTimer, HasSummary bool
}

func shapesOf(acts []activity.Activity) []twinShape {
	var out []twinShape
	for _, a := range acts {
		out = append(out, twinShape{
			Sport: a.Sport, SubSport: a.SubSport, Device: a.Device, Name: a.Name,
			Partial: a.Partial, HasUTCOffset: a.HasUTCOffset, Notes: a.Notes,
			HasSamples: len(a.Samples) > 0, HasLaps: len(a.Laps) > 0, HasTimer: len(a.Timer) > 0,
			HasSummary: a.Summary != nil,
		})
	}
	return out
}

// bareDecode decodes every sequence with muktihari/fit's defaults (checksums on).
func bareDecode(data []byte) error {
	dec := decoder.New(bytes.NewReader(data))
	for dec.Next() {
		if _, err := dec.Decode(); err != nil {
			return err
		}
	}
	return nil
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestFITLegacyCRC proves the workaround for older Garmin files: muktihari/fit alone reports a
// checksum mismatch on them, easyday reads them whole and notes why.
func TestFITLegacyCRC(t *testing.T) {
	dir := corpus.Dir(t)
	for _, name := range []string{"fitparse__2013-02-06-12-11-14.fit", "sportslib__garmin.fit", "fitparse__Edge810-Vector-2013-08-16-15-35-10.fit"} {
		data := mustRead(t, filepath.Join(dir, "fit", name))
		if err := bareDecode(data); err == nil {
			t.Errorf("%s: muktihari/fit with its own checksum accepted it; the workaround may be obsolete", name)
		}
		acts, err := importer.FIT(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if acts[0].Partial {
			t.Errorf("%s: marked partial; want whole", name)
		}
		if len(acts[0].Notes) == 0 {
			t.Errorf("%s: no note of the older CRC convention", name)
		}
	}
}

// TestFITTransitions: the transitions of two triathlon files come back as sport other with
// sub-sport transition (one file calls them generic, the other gives none), the legs as
// themselves; and the fenix2's transitions, which have no timer events of their own, are
// timed whole as the device timed them.
func TestFITTransitions(t *testing.T) {
	dir := corpus.Dir(t)
	for _, tc := range []struct {
		file string
		want []string // sport/sub-sport of each session
	}{
		{"fitparse__activity-large-fenxi2-multisport.fit", []string{"other/", "other/transition", "running/", "other/transition", "running/", "other/transition", "cycling/"}},
		{"fitparse__sample_mulitple_header.fit", []string{"swimming/open_water", "other/transition", "cycling/generic", "other/transition", "running/generic"}},
	} {
		acts, err := importer.FIT(bytes.NewReader(mustRead(t, filepath.Join(dir, "fit", tc.file))))
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		var got []string
		for _, a := range acts {
			got = append(got, string(a.Sport)+"/"+a.SubSport)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: sessions %q; want %q", tc.file, got, tc.want)
		}
		if tc.file != "fitparse__activity-large-fenxi2-multisport.fit" {
			continue
		}
		for _, i := range []int{1, 5} {
			a := &acts[i]
			m := analysis.Moving(a)
			dev := a.Summary.TimerS
			if math.IsNaN(dev) {
				t.Errorf("%s#%d: the device's timer is unknown; want it to compare with", tc.file, i)
				continue
			}
			if m.From != "pauses" || math.Abs(m.Seconds-dev) > 0.02*dev {
				t.Errorf("%s#%d: moving %.1f s from %s; want the device's %.1f s within 2%%, from pauses", tc.file, i, m.Seconds, m.From, dev)
			}
		}
	}
}
