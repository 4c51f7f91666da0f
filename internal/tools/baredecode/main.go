// Command baredecode is the floor for easyday's import: it decodes every activity file under
// the given folders with the library easyday builds on for its format, and nothing else, in
// parallel on every CPU, and prints the files, records and time. FIT files go through
// muktihari/fit (streaming to a listener that only counts records), GPX files through gpxgo
// (gpx.ParseBytes, counting track points), TCX files through encoding/xml (every token read,
// counting Trackpoint elements). With -fit only the FIT files are decoded. bench/bench.sh runs
// it beside `easyday import` on the same files.
package main

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/muktihari/fit/decoder"
	"github.com/muktihari/fit/profile/untyped/mesgnum"
	"github.com/muktihari/fit/proto"
	"github.com/tkrajina/gpxgo/gpx"
	"golang.org/x/sync/errgroup"
)

type counter struct{ records int64 }

func (c *counter) OnMesg(m proto.Message) {
	if m.Num == mesgnum.Record {
		c.records++
	}
}

// decodeFIT streams data through muktihari/fit and returns its record count.
func decodeFIT(data []byte) (int64, error) {
	c := &counter{}
	dec := decoder.New(bytes.NewReader(data), decoder.WithMesgListener(c), decoder.WithBroadcastOnly())
	for dec.Next() {
		if _, err := dec.Decode(); err != nil {
			return c.records, err
		}
	}
	return c.records, nil
}

// decodeGPX parses data with gpxgo and returns its track point count.
func decodeGPX(data []byte) (int64, error) {
	doc, err := gpx.ParseBytes(data)
	if err != nil {
		return 0, err
	}
	var n int64
	for _, t := range doc.Tracks {
		for _, s := range t.Segments {
			n += int64(len(s.Points))
		}
	}
	return n, nil
}

// decodeTCX reads every token of data with encoding/xml and returns its Trackpoint count.
func decodeTCX(data []byte) (int64, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	var n int64
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "Trackpoint" {
			n++
		}
	}
}

func main() {
	jobs := flag.Int("jobs", runtime.GOMAXPROCS(0), "files decoded at once")
	fitOnly := flag.Bool("fit", false, "decode only the FIT files")
	flag.Parse()
	decoders := map[string]func([]byte) (int64, error){".fit": decodeFIT}
	if !*fitOnly {
		decoders[".gpx"], decoders[".tcx"] = decodeGPX, decodeTCX
	}
	type file struct {
		path   string
		decode func([]byte) (int64, error)
	}
	var files []file
	for _, root := range flag.Args() {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if dec, ok := decoders[strings.ToLower(filepath.Ext(p))]; ok {
					files = append(files, file{p, dec})
				}
			}
			return nil
		})
	}
	start := time.Now()
	var records, failed, bytesRead atomic.Int64
	var g errgroup.Group
	g.SetLimit(*jobs)
	for _, f := range files {
		g.Go(func() error {
			data, err := os.ReadFile(f.path)
			if err != nil {
				failed.Add(1)
				return nil
			}
			bytesRead.Add(int64(len(data)))
			n, err := f.decode(data)
			if err != nil {
				failed.Add(1)
			}
			records.Add(n)
			return nil
		})
	}
	g.Wait()
	el := time.Since(start)
	what := "FIT, GPX and TCX"
	if *fitOnly {
		what = "FIT"
	}
	fmt.Printf("bare decode: %d %s files, %d records, %.1f MB, %d failed, %.2fs (%.0f files/s, %.1f MB/s)\n",
		len(files), what, records.Load(), float64(bytesRead.Load())/1e6, failed.Load(), el.Seconds(),
		float64(len(files))/el.Seconds(), float64(bytesRead.Load())/1e6/el.Seconds())
}
