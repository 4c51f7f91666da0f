package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/easyday/easyday/activity"
)

// fillStore stores n files of one 1 Hz hour-long run each, a day apart.
func fillStore(b *testing.B, s *Store, n int) {
	b.Helper()
	ctx := context.Background()
	a := run(activity.FormatFIT, activity.SportRunning, t0, time.Hour, time.Second)
	p := put(a)
	for i := 0; i < n; i++ {
		p.Activity.Start = t0.Add(time.Duration(i) * 24 * time.Hour)
		f := FileState{Path: fmt.Sprintf("archive/%04d/activity-%d.fit", i/300, i), Size: 123456,
			ModTime: t0, Hash: fmt.Sprintf("%064d", i)}
		if _, err := s.PutFile(ctx, f, []Put{p}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkListing measures reading what a report or a nightly sync needs from a store of
// 3,000 activities: the ledger of files and the list of activities.
func BenchmarkListing(b *testing.B) {
	s := openTest(b)
	fillStore(b, s, 3000)
	ctx := context.Background()
	b.Run("FileStates", func(b *testing.B) {
		for b.Loop() {
			m, err := s.FileStates(ctx)
			if err != nil || len(m) != 3000 {
				b.Fatal(len(m), err)
			}
		}
	})
	b.Run("Activities", func(b *testing.B) {
		for b.Loop() {
			l, err := s.Activities(ctx, Filter{})
			if err != nil || len(l) != 3000 {
				b.Fatal(len(l), err)
			}
		}
	})
	b.Run("Activity", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.Activity(ctx, 1500); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkPutFile measures storing one file with a 1 Hz hour-long run.
func BenchmarkPutFile(b *testing.B) {
	s := openTest(b)
	ctx := context.Background()
	p := put(run(activity.FormatFIT, activity.SportRunning, t0, time.Hour, time.Second))
	i := 0
	for b.Loop() {
		p.Activity.Start = t0.Add(time.Duration(i) * 24 * time.Hour)
		if _, err := s.PutFile(ctx, FileState{Path: fmt.Sprint(i, ".fit"), Hash: fmt.Sprint(i)}, []Put{p}); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
