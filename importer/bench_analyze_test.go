package importer_test

import (
	"testing"

	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/importer"
)

// BenchmarkAnalyze is the whole analysis of the largest FIT file of the corpus (a Fenix 2
// multisport file: every session summarised, then its effort, structure and class), beside
// BenchmarkDecodeFIT of the same bytes: analysis must cost a small fraction of decoding.
func BenchmarkAnalyze(b *testing.B) {
	data := benchData(b, "FIT")
	acts, err := importer.Decode(benchFiles["FIT"], data, importer.Options{})
	if err != nil {
		b.Fatal(err)
	}
	p := analysis.DefaultProfile()
	p.MaxHR, p.RestingHR = 190, 50
	records := 0
	for _, a := range acts {
		records += len(a.Samples)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for i := range acts {
			s := analysis.Summarize(&acts[i])
			analysis.Analyze(&acts[i], s, analysis.Context{}, p)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(records), "ns/record")
}

// BenchmarkImportAnalysis is what the import does for each activity of the same file: the
// summary and the results for every calendar situation, with the moving time and the cleaned
// heart rate found once (analysis.SummarizeVariants).
func BenchmarkImportAnalysis(b *testing.B) {
	data := benchData(b, "FIT")
	acts, err := importer.Decode(benchFiles["FIT"], data, importer.Options{})
	if err != nil {
		b.Fatal(err)
	}
	p := analysis.DefaultProfile()
	p.MaxHR, p.RestingHR = 190, 50
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for i := range acts {
			analysis.SummarizeVariants(&acts[i], p)
		}
	}
}
