package store_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/store"
)

// runAt returns a 30-minute 1 Hz run of the given format starting at start.
func runAt(format activity.Format, start time.Time) store.Put {
	a := activity.Activity{Source: activity.Source{Format: format}, Sport: activity.SportRunning, Start: start}
	for s := 0; s <= 1800; s++ {
		smp := activity.NewSample(start.Add(time.Duration(s) * time.Second))
		smp.Distance, smp.HeartRate = 3*float64(s), 140
		a.Samples = append(a.Samples, smp)
	}
	return store.Put{Activity: a, Summary: analysis.Summarize(&a)}
}

// The same run arrives as GPX, then as FIT: the FIT file is the richer source, so it becomes
// the primary and the GPX one its duplicate.
func ExampleStore_PutFile() {
	dir, err := os.MkdirTemp("", "easyday-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	db := filepath.Join(dir, "easyday.db")

	lock, err := store.Lock(db)
	if err != nil {
		log.Fatal(err) // errors.Is(err, store.ErrLocked): another import is running
	}
	defer lock.Release()
	ctx := context.Background()
	s, err := store.Open(ctx, db)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	start := time.Date(2026, 11, 18, 6, 30, 0, 0, time.UTC)
	gpx, err := s.PutFile(ctx, store.FileState{Path: "strava/123.gpx.gz", Size: 1000, Hash: "a1"},
		[]store.Put{runAt(activity.FormatGPX, start.Add(2*time.Second))})
	if err != nil {
		log.Fatal(err)
	}
	fit, err := s.PutFile(ctx, store.FileState{Path: "garmin/2026-11-18.fit", Size: 800, Hash: "b2"},
		[]store.Put{runAt(activity.FormatFIT, start)})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("gpx:", gpx.Status, "activity", gpx.Activities[0].ID)
	fmt.Println("fit:", fit.Status, "activity", fit.Activities[0].ID, "demoted", fit.Activities[0].Demoted)

	list, err := s.Activities(ctx, store.Filter{})
	if err != nil {
		log.Fatal(err)
	}
	for _, a := range list {
		fmt.Printf("%d %s %s %.0f m\n", a.ID, a.Source.Format, a.Start.Format(time.DateTime), a.Summary.DistanceM)
	}
	// Output:
	// gpx: ok activity 1
	// fit: ok activity 2 demoted [1]
	// 2 fit 2026-11-18 06:30:00 5400 m
}

// Files decoded in parallel, written by one goroutine: each decoder encodes its Puts, so that
// the writer only runs the transactions.
func ExamplePut_Encode() {
	dir, err := os.MkdirTemp("", "easyday-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(dir, "easyday.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	paths := []string{"garmin/mon.fit", "garmin/tue.fit", "garmin/wed.fit"}
	start := time.Date(2026, 11, 16, 6, 30, 0, 0, time.UTC)
	puts := make([]chan store.Put, len(paths))
	for i, path := range paths {
		puts[i] = make(chan store.Put, 1)
		go func() { // a decoder
			p := runAt(activity.FormatFIT, start.AddDate(0, 0, i))
			if err := p.Encode(path); err != nil {
				log.Fatal(err)
			}
			puts[i] <- p
		}()
	}
	for i, path := range paths { // the writer, in order
		res, err := s.PutFile(ctx, store.FileState{Path: path, Size: 800}, []store.Put{<-puts[i]})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(path, res.Status, "activity", res.Activities[0].ID)
	}
	// Output:
	// garmin/mon.fit ok activity 1
	// garmin/tue.fit ok activity 2
	// garmin/wed.fit ok activity 3
}

func ExamplePackSamples() {
	start := time.Date(2026, 11, 18, 6, 30, 0, 0, time.UTC)
	smp := make([]activity.Sample, 3600)
	for i := range smp {
		smp[i] = activity.NewSample(start.Add(time.Duration(i) * time.Second))
		smp[i].HeartRate = float64(130 + i%5)
	}
	b, err := store.PackSamples(smp)
	if err != nil {
		log.Fatal(err)
	}
	back, err := store.UnpackSamples(b)
	if err != nil {
		log.Fatal(err)
	}
	// A steady pattern compresses: the packed body is deflated.
	fmt.Printf("%d samples in %.2f bytes a sample; the last: %s, %.0f bpm, altitude %v\n",
		len(back), float64(len(b))/float64(len(smp)), back[3599].Time.Format(time.TimeOnly),
		back[3599].HeartRate, back[3599].Altitude)
	// Output:
	// 3600 samples in 0.02 bytes a sample; the last: 07:29:59, 134 bpm, altitude NaN
}
