// Package hostile writes the unlucky and hostile inputs easyday must stay bounded on: XML
// nested without end, zips whose entries all point at one stream, FIT files with absurd
// session counts. The tests build them with it, and so does bench/hostile.sh (through
// internal/tools/hostile) to measure peak memory; nothing of it is shipped as a file.
package hostile

import (
	"bufio"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"strings"
	"time"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/internal/demo"
)

// NestedXML writes a GPX or TCX document (format "gpx" or "tcx"; with a DOCTYPE when doctype
// is set, which sends a reader to encoding/xml) whose one track point holds depth nested
// elements in its extensions.
func NestedXML(w io.Writer, format string, depth int, doctype bool) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8"?>`)
	if doctype {
		bw.WriteString(`<!DOCTYPE x>`)
	}
	open, close := `<gpx version="1.1" creator="t"><trk><trkseg><trkpt lat="52.5" lon="13.4"><time>2026-01-01T10:00:00Z</time><extensions>`,
		`</extensions></trkpt></trkseg></trk></gpx>`
	if format == "tcx" {
		open, close = `<TrainingCenterDatabase><Activities><Activity Sport="Running"><Id>2026-01-01T10:00:00Z</Id><Lap StartTime="2026-01-01T10:00:00Z"><Track><Trackpoint><Time>2026-01-01T10:00:00Z</Time><Extensions>`,
			`</Extensions></Trackpoint></Track></Lap></Activity></Activities></TrainingCenterDatabase>`
	}
	bw.WriteString(open)
	for _, tag := range []string{"<a>", "</a>"} {
		chunk := strings.Repeat(tag, 4096)
		for left := depth; left > 0; left -= 4096 {
			bw.WriteString(chunk[:len(tag)*min(left, 4096)])
		}
	}
	bw.WriteString(close)
	return bw.Flush()
}

// OverlappingZip writes a zip archive whose central directory lists every one of names at
// the offset of one deflated stream of size zero bytes: a small file that expands to
// len(names) × size bytes when each entry is read (the overlapping zip bomb).
func OverlappingZip(w io.Writer, size int64, names ...string) error {
	var comp countingBuffer
	fw, err := flate.NewWriter(&comp, flate.BestCompression)
	if err != nil {
		return err
	}
	crc := crc32.NewIEEE()
	zeros := make([]byte, 1<<20)
	for left := size; left > 0; left -= int64(len(zeros)) {
		n := min(left, int64(len(zeros)))
		fw.Write(zeros[:n])
		crc.Write(zeros[:n])
	}
	if err := fw.Close(); err != nil {
		return err
	}
	le := binary.LittleEndian
	var b []byte
	header := func(sig uint32, central bool, name string) {
		b = le.AppendUint32(b, sig)
		if central {
			b = le.AppendUint16(b, 20) // made by
		}
		b = le.AppendUint16(b, 20) // needed
		b = le.AppendUint16(b, 0)  // flags
		b = le.AppendUint16(b, 8)  // deflate
		b = le.AppendUint16(b, 0)  // time
		b = le.AppendUint16(b, 0x21)
		b = le.AppendUint32(b, crc.Sum32())
		b = le.AppendUint32(b, uint32(len(comp.b)))
		b = le.AppendUint32(b, uint32(min(size, math.MaxUint32)))
		b = le.AppendUint16(b, uint16(len(name)))
		b = le.AppendUint16(b, 0) // extra
		if central {
			b = le.AppendUint16(b, 0) // comment
			b = le.AppendUint16(b, 0) // disk
			b = le.AppendUint16(b, 0) // internal attributes
			b = le.AppendUint32(b, 0) // external attributes
			b = le.AppendUint32(b, 0) // offset of the one local header
		}
		b = append(b, name...)
	}
	header(0x04034b50, false, names[0])
	b = append(b, comp.b...)
	cd := len(b)
	for _, n := range names {
		header(0x02014b50, true, n)
	}
	b = le.AppendUint32(b, 0x06054b50)
	b = le.AppendUint16(b, 0)
	b = le.AppendUint16(b, 0)
	b = le.AppendUint16(b, uint16(len(names)))
	b = le.AppendUint16(b, uint16(len(names)))
	b = le.AppendUint32(b, uint32(len(b)-cd-12))
	b = le.AppendUint32(b, uint32(cd))
	b = le.AppendUint16(b, 0)
	_, err = w.Write(b)
	return err
}

type countingBuffer struct{ b []byte }

func (c *countingBuffer) Write(p []byte) (int, error) { c.b = append(c.b, p...); return len(p), nil }

// SessionsFIT writes a FIT file of n running sessions of two records each, a minute apart
// (with overlap, every session over the same minute).
func SessionsFIT(w io.Writer, n int, overlap bool) error {
	start := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	acts := make([]*activity.Activity, n)
	for i := range acts {
		s := start
		if !overlap {
			s = start.Add(time.Duration(i) * time.Minute)
		}
		a := &activity.Activity{Sport: activity.SportRunning, SubSport: "generic", Start: s,
			Summary: &activity.DeviceSummary{DistanceM: 100, TimerS: 30, ElapsedS: 30, AvgHR: 120, MaxHR: 130,
				TotalTrainingEffect: math.NaN()}}
		for k := range 2 {
			smp := activity.NewSample(s.Add(time.Duration(30*k) * time.Second))
			smp.Distance, smp.HeartRate = float64(100*k), 120
			a.Samples = append(a.Samples, smp)
		}
		acts[i] = a
	}
	if err := demo.WriteFITSessions(w, acts...); err != nil {
		return fmt.Errorf("sessions fit: %w", err)
	}
	return nil
}
