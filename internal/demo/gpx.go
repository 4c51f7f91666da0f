package demo

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"

	"github.com/easyday/easyday/activity"
)

// The Garmin TrackPointExtension namespaces GPX files carry heart rate and cadence in.
const (
	nsTPXv1 = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
	nsTPXv2 = "http://www.garmin.com/xmlschemas/TrackPointExtension/v2"
)

// WriteGPX writes a as a GPX 1.1 track: creator (a.Device), metadata time, trk name (a.Name,
// when set) and type (a.Sport), one trkseg per stretch between a.Breaks, and a trkpt per sample
// that has a position, with ele, time and Garmin TrackPointExtension v1 hr and cad. Times carry
// a's UTC offset when a.HasUTCOffset (UTC otherwise), with milliseconds when a time has a
// fraction of a second. GPX has no laps, timer events, distance or speed: they are not written.
func WriteGPX(w io.Writer, a *activity.Activity) error {
	return writeGPX(w, a, nsTPXv1)
}

func writeGPX(w io.Writer, a *activity.Activity, ns string) error {
	bw, ok := w.(*bufio.Writer)
	if !ok {
		bw = bufio.NewWriterSize(w, 64<<10)
	}
	loc := time.UTC
	if a.HasUTCOffset {
		loc = a.Start.Location()
	}
	creator := a.Device
	if creator == "" {
		creator = "easyday demo"
	}
	xsd := "http://www.garmin.com/xmlschemas/TrackPointExtensionv1.xsd"
	if ns == nsTPXv2 {
		xsd = "http://www.garmin.com/xmlschemas/TrackPointExtensionv2.xsd"
	}
	bw.WriteString(xml.Header)
	bw.WriteString(`<gpx creator="`)
	xml.EscapeText(bw, []byte(creator))
	bw.WriteString(`" version="1.1" xmlns="http://www.topografix.com/GPX/1/1" ` +
		`xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ` +
		`xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd ` +
		ns + " " + xsd + `" xmlns:gpxtpx="` + ns + "\">\n")
	buf := make([]byte, 0, 256)
	buf = append(buf, " <metadata>\n  <time>"...)
	buf = appendTime(buf, a.Start.In(loc))
	buf = append(buf, "</time>\n </metadata>\n <trk>\n"...)
	bw.Write(buf)
	if a.Name != "" {
		bw.WriteString("  <name>")
		xml.EscapeText(bw, []byte(a.Name))
		bw.WriteString("</name>\n")
	}
	fmt.Fprintf(bw, "  <type>%s</type>\n  <trkseg>\n", gpxType(a.Sport))
	br := 0
	for i := range a.Samples {
		s := &a.Samples[i]
		for br < len(a.Breaks) && a.Breaks[br] <= i {
			if a.Breaks[br] == i && i > 0 {
				bw.WriteString("  </trkseg>\n  <trkseg>\n")
			}
			br++
		}
		if !s.HasPosition() {
			continue
		}
		buf = buf[:0]
		buf = append(buf, `   <trkpt lat="`...)
		buf = strconv.AppendFloat(buf, s.Lat, 'f', -1, 64)
		buf = append(buf, `" lon="`...)
		buf = strconv.AppendFloat(buf, s.Lon, 'f', -1, 64)
		buf = append(buf, "\">\n"...)
		if !math.IsNaN(s.Altitude) {
			buf = append(buf, "    <ele>"...)
			buf = strconv.AppendFloat(buf, s.Altitude, 'f', -1, 64)
			buf = append(buf, "</ele>\n"...)
		}
		buf = append(buf, "    <time>"...)
		buf = appendTime(buf, s.Time.In(loc))
		buf = append(buf, "</time>\n"...)
		hr, cad := !math.IsNaN(s.HeartRate), !math.IsNaN(s.Cadence)
		if hr || cad {
			buf = append(buf, "    <extensions>\n     <gpxtpx:TrackPointExtension>\n"...)
			if hr {
				buf = append(buf, "      <gpxtpx:hr>"...)
				buf = strconv.AppendInt(buf, int64(math.Round(s.HeartRate)), 10)
				buf = append(buf, "</gpxtpx:hr>\n"...)
			}
			if cad {
				buf = append(buf, "      <gpxtpx:cad>"...)
				buf = strconv.AppendInt(buf, int64(math.Round(s.Cadence)), 10)
				buf = append(buf, "</gpxtpx:cad>\n"...)
			}
			buf = append(buf, "     </gpxtpx:TrackPointExtension>\n    </extensions>\n"...)
		}
		buf = append(buf, "   </trkpt>\n"...)
		bw.Write(buf)
	}
	bw.WriteString("  </trkseg>\n </trk>\n</gpx>\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write gpx: %w", err)
	}
	return nil
}

// gpxType is the trk type for a sport, as Garmin Connect writes it.
func gpxType(s activity.Sport) string {
	if s == "" {
		return string(activity.SportOther)
	}
	return string(s)
}

// appendTime appends t in RFC 3339, with milliseconds when t has a fraction of a second.
func appendTime(b []byte, t time.Time) []byte {
	if t.Nanosecond() == 0 {
		return t.AppendFormat(b, time.RFC3339)
	}
	return t.AppendFormat(b, "2006-01-02T15:04:05.000Z07:00")
}
