package demo

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"time"

	"github.com/easyday/easyday/activity"
)

// WriteTCX writes a as a Garmin TrainingCenterDatabase v2 file: one Activity (Sport Running,
// Biking or Other; Id the start time), one Lap per lap of a (StartTime, TotalTimeSeconds = the
// lap's timer time, DistanceMeters, Calories, AverageHeartRateBpm, MaximumHeartRateBpm,
// Intensity Active or Resting, TriggerMethod), each with a Track of the lap's samples, and a
// new Track wherever the timer restarted after a stop, as Garmin writes them (Time, Position, AltitudeMeters, DistanceMeters, HeartRateBpm, Cadence and the TPX Speed
// extension), and Creator Name a.Device. Times are UTC with milliseconds, as Garmin writes
// them. An activity without laps is written as one lap.
func WriteTCX(w io.Writer, a *activity.Activity) error {
	bw, ok := w.(*bufio.Writer)
	if !ok {
		bw = bufio.NewWriterSize(w, 64<<10)
	}
	laps := tcxLaps(a)
	restarts := timerRestarts(a)
	bw.WriteString(xml.Header)
	bw.WriteString(`<TrainingCenterDatabase xsi:schemaLocation="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2 ` +
		`http://www.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd" ` +
		`xmlns:ns5="http://www.garmin.com/xmlschemas/ActivityGoals/v1" ` +
		`xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2" ` +
		`xmlns:ns2="http://www.garmin.com/xmlschemas/UserProfile/v2" ` +
		`xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" ` +
		`xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` + "\n")
	buf := make([]byte, 0, 512)
	buf = append(buf, "  <Activities>\n    <Activity Sport=\""...)
	buf = append(buf, tcxSport(a.Sport)...)
	buf = append(buf, "\">\n      <Id>"...)
	buf = appendTCXTime(buf, a.Start)
	buf = append(buf, "</Id>\n"...)
	bw.Write(buf)

	i := 0
	for k := range laps {
		l := &laps[k]
		buf = buf[:0]
		buf = append(buf, "      <Lap StartTime=\""...)
		buf = appendTCXTime(buf, l.Start)
		buf = append(buf, "\">\n        <TotalTimeSeconds>"...)
		buf = strconv.AppendFloat(buf, nanTo(l.TimerS, 0), 'f', -1, 64)
		buf = append(buf, "</TotalTimeSeconds>\n        <DistanceMeters>"...)
		buf = strconv.AppendFloat(buf, nanTo(l.DistanceM, 0), 'f', -1, 64)
		buf = append(buf, "</DistanceMeters>\n        <Calories>"...)
		buf = strconv.AppendInt(buf, int64(math.Round(nanTo(l.DistanceM, 0)/1000*70)), 10)
		buf = append(buf, "</Calories>\n"...)
		if !math.IsNaN(l.AvgHR) {
			buf = append(buf, "        <AverageHeartRateBpm>\n          <Value>"...)
			buf = strconv.AppendInt(buf, int64(math.Round(l.AvgHR)), 10)
			buf = append(buf, "</Value>\n        </AverageHeartRateBpm>\n"...)
		}
		if !math.IsNaN(l.MaxHR) {
			buf = append(buf, "        <MaximumHeartRateBpm>\n          <Value>"...)
			buf = strconv.AppendInt(buf, int64(math.Round(l.MaxHR)), 10)
			buf = append(buf, "</Value>\n        </MaximumHeartRateBpm>\n"...)
		}
		buf = append(buf, "        <Intensity>"...)
		buf = append(buf, tcxIntensity(l.Intensity)...)
		buf = append(buf, "</Intensity>\n        <TriggerMethod>"...)
		buf = append(buf, tcxTrigger(l.Trigger)...)
		buf = append(buf, "</TriggerMethod>\n        <Track>\n"...)
		bw.Write(buf)
		var next time.Time
		if k+1 < len(laps) {
			next = laps[k+1].Start
		}
		first := i
		for ; i < len(a.Samples) && (next.IsZero() || a.Samples[i].Time.Before(next)); i++ {
			if i > first && restarts[i] {
				bw.WriteString("        </Track>\n        <Track>\n")
			}
			bw.Write(appendTrackpoint(buf[:0], &a.Samples[i]))
		}
		bw.WriteString("        </Track>\n      </Lap>\n")
	}
	_, product, serial, software, _ := fitDevice(a.Device)
	bw.WriteString("      <Creator xsi:type=\"Device_t\">\n        <Name>")
	xml.EscapeText(bw, []byte(a.Device))
	fmt.Fprintf(bw, "</Name>\n        <UnitId>%d</UnitId>\n        <ProductID>%d</ProductID>\n"+
		"        <Version>\n          <VersionMajor>%d</VersionMajor>\n          <VersionMinor>%d</VersionMinor>\n"+
		"          <BuildMajor>0</BuildMajor>\n          <BuildMinor>0</BuildMinor>\n        </Version>\n"+
		"      </Creator>\n    </Activity>\n  </Activities>\n", serial, product, software/100, software%100)
	bw.WriteString("  <Author xsi:type=\"Application_t\">\n    <Name>easyday demo</Name>\n    <Build>\n" +
		"      <Version>\n        <VersionMajor>1</VersionMajor>\n        <VersionMinor>0</VersionMinor>\n" +
		"        <BuildMajor>0</BuildMajor>\n        <BuildMinor>0</BuildMinor>\n      </Version>\n    </Build>\n" +
		"    <LangID>en</LangID>\n    <PartNumber>000-00000-00</PartNumber>\n  </Author>\n" +
		"</TrainingCenterDatabase>\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write tcx: %w", err)
	}
	return nil
}

func appendTrackpoint(b []byte, s *activity.Sample) []byte {
	b = append(b, "          <Trackpoint>\n            <Time>"...)
	b = appendTCXTime(b, s.Time)
	b = append(b, "</Time>\n"...)
	if s.HasPosition() {
		b = append(b, "            <Position>\n              <LatitudeDegrees>"...)
		b = strconv.AppendFloat(b, s.Lat, 'f', -1, 64)
		b = append(b, "</LatitudeDegrees>\n              <LongitudeDegrees>"...)
		b = strconv.AppendFloat(b, s.Lon, 'f', -1, 64)
		b = append(b, "</LongitudeDegrees>\n            </Position>\n"...)
	}
	if !math.IsNaN(s.Altitude) {
		b = append(b, "            <AltitudeMeters>"...)
		b = strconv.AppendFloat(b, s.Altitude, 'f', -1, 64)
		b = append(b, "</AltitudeMeters>\n"...)
	}
	if !math.IsNaN(s.Distance) {
		b = append(b, "            <DistanceMeters>"...)
		b = strconv.AppendFloat(b, s.Distance, 'f', -1, 64)
		b = append(b, "</DistanceMeters>\n"...)
	}
	if !math.IsNaN(s.HeartRate) {
		b = append(b, "            <HeartRateBpm>\n              <Value>"...)
		b = strconv.AppendInt(b, int64(math.Round(s.HeartRate)), 10)
		b = append(b, "</Value>\n            </HeartRateBpm>\n"...)
	}
	if !math.IsNaN(s.Cadence) {
		b = append(b, "            <Cadence>"...)
		b = strconv.AppendInt(b, int64(math.Round(s.Cadence)), 10)
		b = append(b, "</Cadence>\n"...)
	}
	if !math.IsNaN(s.Speed) {
		b = append(b, "            <Extensions>\n              <ns3:TPX>\n                <ns3:Speed>"...)
		b = strconv.AppendFloat(b, s.Speed, 'f', -1, 64)
		b = append(b, "</ns3:Speed>\n              </ns3:TPX>\n            </Extensions>\n"...)
	}
	return append(b, "          </Trackpoint>\n"...)
}

// timerRestarts marks the samples at which a's timer restarted after a stop: the first sample at
// or after each start event but the first.
func timerRestarts(a *activity.Activity) map[int]bool {
	out := map[int]bool{}
	stopped := false
	for _, e := range a.Timer {
		if !e.Start {
			stopped = true
			continue
		}
		if !stopped {
			continue
		}
		stopped = false
		i := sort.Search(len(a.Samples), func(i int) bool { return !a.Samples[i].Time.Before(e.Time) })
		if i > 0 && i < len(a.Samples) {
			out[i] = true
		}
	}
	return out
}

// tcxLaps returns the laps a TCX file holds: a's laps, or one lap over every sample.
func tcxLaps(a *activity.Activity) []activity.Lap {
	if len(a.Laps) > 0 || len(a.Samples) == 0 {
		return a.Laps
	}
	first, last := &a.Samples[0], &a.Samples[len(a.Samples)-1]
	l := activity.NewLap(first.Time)
	l.TimerS = last.Time.Sub(first.Time).Seconds()
	l.DistanceM = 0
	if !math.IsNaN(last.Distance) {
		l.DistanceM = last.Distance
	}
	l.AvgHR, l.MaxHR = hrStats(a.Samples)
	l.Intensity, l.Trigger = "active", "manual"
	return []activity.Lap{l}
}

func tcxSport(s activity.Sport) string {
	switch s {
	case activity.SportRunning:
		return "Running"
	case activity.SportCycling:
		return "Biking"
	}
	return "Other"
}

func tcxIntensity(s string) string {
	if s == "rest" || s == "resting" {
		return "Resting"
	}
	return "Active"
}

func tcxTrigger(s string) string {
	switch s {
	case "time":
		return "Time"
	case "distance":
		return "Distance"
	case "position_start", "position_lap", "position_waypoint", "position_marked", "location":
		return "Location"
	case "heartrate":
		return "HeartRate"
	}
	return "Manual"
}

func appendTCXTime(b []byte, t time.Time) []byte {
	return t.UTC().AppendFormat(b, "2006-01-02T15:04:05.000Z07:00")
}

func nanTo(v, def float64) float64 {
	if math.IsNaN(v) {
		return def
	}
	return v
}
