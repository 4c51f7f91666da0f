package importer_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/muktihari/fit/decoder"
	"github.com/muktihari/fit/proto"

	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/importer"
	"github.com/easyday/easyday/internal/corpus"
)

// The largest corpus file of each format.
var benchFiles = map[string]string{
	"FIT": "fit/fitparse__activity-large-fenxi2-multisport.fit",
	"GPX": "gpx/sportslib__strava.gpx",
	"TCX": "tcx/sportslib__6782987395.tcx",
}

func benchData(b *testing.B, format string) []byte {
	b.Helper()
	data, err := os.ReadFile(filepath.Join(corpus.Dir(b), benchFiles[format]))
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// benchDecode decodes the file b.N times and reports MB/s and ns per record (sample).
func benchDecode(b *testing.B, format string) {
	data := benchData(b, format)
	acts, err := importer.Decode(benchFiles[format], data, importer.Options{})
	if err != nil {
		b.Fatal(err)
	}
	records := 0
	for _, a := range acts {
		records += len(a.Samples)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := importer.Decode(benchFiles[format], data, importer.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(records), "ns/record")
}

func BenchmarkDecodeFIT(b *testing.B) { benchDecode(b, "FIT") }
func BenchmarkDecodeGPX(b *testing.B) { benchDecode(b, "GPX") }
func BenchmarkDecodeTCX(b *testing.B) { benchDecode(b, "TCX") }

type nopListener struct{ n int }

func (l *nopListener) OnMesg(proto.Message) { l.n++ }

// BenchmarkBareFITStream is muktihari/fit alone on the same bytes, streaming every message to
// a listener that does nothing: the floor for decoding through a listener.
func BenchmarkBareFITStream(b *testing.B) {
	data := benchData(b, "FIT")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	l := &nopListener{}
	dec := decoder.New(nil)
	for range b.N {
		dec.Reset(bytes.NewReader(data), decoder.WithMesgListener(l), decoder.WithBroadcastOnly(), decoder.WithIgnoreChecksum())
		for dec.Next() {
			if _, err := dec.Decode(); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkBareFITDecode is muktihari/fit's typical use: Decode builds every message in memory.
func BenchmarkBareFITDecode(b *testing.B) {
	data := benchData(b, "FIT")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for range b.N {
		dec := decoder.New(bytes.NewReader(data), decoder.WithIgnoreChecksum())
		for dec.Next() {
			if _, err := dec.Decode(); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkSummarizeFIT is the recomputation of metrics for the same file, beside its decode.
func BenchmarkSummarizeFIT(b *testing.B) {
	data := benchData(b, "FIT")
	acts, err := importer.Decode("f.fit", data, importer.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for range b.N {
		for i := range acts {
			analysis.Summarize(&acts[i])
		}
	}
}
