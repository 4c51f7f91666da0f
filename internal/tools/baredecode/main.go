// Command baredecode is the floor for easyday's import: it decodes every FIT file under the
// given folders with muktihari/fit alone (streaming to a listener that only counts records),
// in parallel on every CPU, and prints the files, records and time. bench/bench.sh runs it
// beside `easyday import` on the same files.
package main

import (
	"bytes"
	"flag"
	"fmt"
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
	"golang.org/x/sync/errgroup"
)

type counter struct{ records int64 }

func (c *counter) OnMesg(m proto.Message) {
	if m.Num == mesgnum.Record {
		c.records++
	}
}

func main() {
	jobs := flag.Int("jobs", runtime.GOMAXPROCS(0), "files decoded at once")
	flag.Parse()
	var files []string
	for _, root := range flag.Args() {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(strings.ToLower(p), ".fit") {
				files = append(files, p)
			}
			return nil
		})
	}
	start := time.Now()
	var records, failed, bytesRead atomic.Int64
	var g errgroup.Group
	g.SetLimit(*jobs)
	for _, p := range files {
		g.Go(func() error {
			data, err := os.ReadFile(p)
			if err != nil {
				failed.Add(1)
				return nil
			}
			bytesRead.Add(int64(len(data)))
			c := &counter{}
			dec := decoder.New(bytes.NewReader(data), decoder.WithMesgListener(c), decoder.WithBroadcastOnly())
			for dec.Next() {
				if _, err := dec.Decode(); err != nil {
					failed.Add(1)
					break
				}
			}
			records.Add(c.records)
			return nil
		})
	}
	g.Wait()
	el := time.Since(start)
	fmt.Printf("bare decode: %d FIT files, %d records, %.1f MB, %d failed, %.2fs (%.0f files/s, %.1f MB/s)\n",
		len(files), records.Load(), float64(bytesRead.Load())/1e6, failed.Load(), el.Seconds(),
		float64(len(files))/el.Seconds(), float64(bytesRead.Load())/1e6/el.Seconds())
}
