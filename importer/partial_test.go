package importer_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/easyday/easyday/importer"
	"github.com/easyday/easyday/internal/corpus"
)

// TestDamagedTailTimes: a Strava recording cut mid-record gives, as its last record, a
// timestamp in 2085 read from garbage; it is dropped, so the activity lasts minutes, not 64
// years.
func TestDamagedTailTimes(t *testing.T) {
	p := filepath.Join(corpus.Dir(t), "fit", "fitparse__strava-android-app-201.10-b1218918.fit")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	acts, err := importer.Decode(p, b, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := acts[0]
	if !a.Partial {
		t.Error("not marked partial")
	}
	if d := a.End().Sub(a.Start); d.Hours() > 2 {
		t.Errorf("lasts %v; want the 5 minutes before the damage", d)
	}
}
