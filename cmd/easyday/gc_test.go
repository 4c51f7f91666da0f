package main

import (
	"runtime/debug"
	"testing"
)

// TestImportGC: an import collects garbage at 400% under an 80 MiB soft limit, unless GOGC or
// GOMEMLIMIT says otherwise, and puts back what was set when it is done.
func TestImportGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(1 << 40))

	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	restore, decoding := importGC()
	if got := gcPercent(); got != importGCPercent {
		t.Errorf("GC percent during an import = %d, want %d", got, importGCPercent)
	}
	if got := debug.SetMemoryLimit(-1); got != importMemLimitMB<<20 {
		t.Errorf("memory limit during an import = %d, want %d", got, importMemLimitMB<<20)
	}
	// Files in flight widen the limit by importMemPerByte for each of their bytes beyond the
	// first importMemFreeBytes, and give the room back when done.
	const big, bigger, small = 50 << 20, 60 << 20, 1 << 20
	extra := func(size int64) int64 { return importMemPerByte * (size - importMemFreeBytes) }
	doneBig := decoding(big)
	doneSmall := decoding(small)
	if got, want := debug.SetMemoryLimit(-1), importMemLimitMB<<20+extra(big); got != want {
		t.Errorf("memory limit while decoding %d and %d bytes = %d, want %d", big, small, got, want)
	}
	doneBigger := decoding(bigger)
	if got, want := debug.SetMemoryLimit(-1), importMemLimitMB<<20+extra(big)+extra(bigger); got != want {
		t.Errorf("memory limit while decoding %d, %d and %d bytes = %d, want %d", big, bigger, small, got, want)
	}
	doneBig()
	doneBigger()
	if got := debug.SetMemoryLimit(-1); got != importMemLimitMB<<20 {
		t.Errorf("memory limit with a small file in flight = %d, want %d", got, importMemLimitMB<<20)
	}
	doneSmall()
	if got := debug.SetMemoryLimit(-1); got != importMemLimitMB<<20 {
		t.Errorf("memory limit with no file in flight = %d, want %d", got, importMemLimitMB<<20)
	}
	restore()
	if got := gcPercent(); got != 100 {
		t.Errorf("GC percent after the import = %d, want 100 back", got)
	}
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("memory limit after the import = %d, want %d back", got, int64(1<<40))
	}

	// The environment wins.
	t.Setenv("GOGC", "50")
	t.Setenv("GOMEMLIMIT", "1GiB")
	restore, decoding = importGC()
	if decoding != nil {
		t.Error("with GOMEMLIMIT set, importGC still offers to move the limit")
	}
	if got := gcPercent(); got != 100 {
		t.Errorf("with GOGC set, GC percent during an import = %d, want it untouched (100)", got)
	}
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("with GOMEMLIMIT set, memory limit during an import = %d, want it untouched", got)
	}
	restore()
}

// gcPercent reads the GC percent (debug has no getter: set it, and set it back).
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}
