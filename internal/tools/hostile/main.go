// Command hostile writes the hostile inputs of issue 15 into a folder, for bench/hostile.sh to
// measure easyday's peak memory and time on them: each is built here, never shipped.
//
//	nested.gpx.gz      250 MB of nested elements, gzipped (about 250 KB)
//	nested-60m.gpx.gz  60 MB of nested elements: within the file bound, refused by depth
//	overlap.zip        1,000 entries over one deflated stream of 250 MB of zeros
//	fat-nested.zip     8 nested zips of 8 entries, each 60 MB of zeros once inflated
//	stored-nested.zip  64 nested zips of 60 MB each (an entry stored uncompressed), 4 MB
//	sessions.fit.gz    a FIT file of 100,000 sessions
//	same/              20,000 files of the same content
//
// Usage: hostile DIR
package main

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/easyday/easyday/internal/demo"
	"github.com/easyday/easyday/internal/hostile"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: hostile DIR")
		os.Exit(2)
	}
	if err := write(os.Args[1]); err != nil {
		fmt.Fprintf(os.Stderr, "hostile: %v\n", err)
		os.Exit(1)
	}
}

func write(dir string) error {
	if err := os.MkdirAll(filepath.Join(dir, "same"), 0o755); err != nil {
		return err
	}
	gz := func(name string, fill func(io.Writer) error) error {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		if err := fill(zw); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o644)
	}
	if err := gz("nested.gpx.gz", func(w io.Writer) error { return hostile.NestedXML(w, "gpx", 250<<20/7, false) }); err != nil {
		return err
	}
	if err := gz("nested-60m.gpx.gz", func(w io.Writer) error { return hostile.NestedXML(w, "gpx", 60<<20/7, false) }); err != nil {
		return err
	}
	if err := gz("sessions.fit.gz", func(w io.Writer) error { return hostile.SessionsFIT(w, 100_000, false) }); err != nil {
		return err
	}
	var names []string
	for i := range 1000 {
		names = append(names, fmt.Sprintf("activities/%04d.fit", i))
	}
	var b bytes.Buffer
	if err := hostile.OverlappingZip(&b, 250<<20, names...); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "overlap.zip"), b.Bytes(), 0o644); err != nil {
		return err
	}
	fat, err := nestedZips(8, 8, 60, zip.Deflate)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "fat-nested.zip"), fat, 0o644); err != nil {
		return err
	}
	stored, err := nestedZips(64, 1, 60, zip.Store)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "stored-nested.zip"), stored, 0o644); err != nil {
		return err
	}
	run := demo.Fixtures()["fixture-run.fit"]
	for i := range 20_000 {
		if err := os.WriteFile(filepath.Join(dir, "same", fmt.Sprintf("%05d.fit", i)), run, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// nestedZips is a zip of outer zips of inner entries, each mb MiB of zeros (a FIT name, no
// FIT), stored in the nested zips with method: deflated, each nested zip is small; stored, it
// is as large as its entries, and the outer zip deflates it to a few KB.
func nestedZips(outer, inner, mb int, method uint16) ([]byte, error) {
	zeros := make([]byte, 1<<20)
	var out bytes.Buffer
	ow := zip.NewWriter(&out)
	for i := range outer {
		var nested bytes.Buffer
		iw := zip.NewWriter(&nested)
		for j := range inner {
			f, err := iw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("%d-%d.fit", i, j), Method: method})
			if err != nil {
				return nil, err
			}
			zeros[0] = byte(i*inner + j) // distinct content
			for range mb {
				f.Write(zeros)
			}
		}
		if err := iw.Close(); err != nil {
			return nil, err
		}
		f, err := ow.Create(fmt.Sprintf("part%02d.zip", i))
		if err != nil {
			return nil, err
		}
		f.Write(nested.Bytes())
	}
	if err := ow.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
