package demo

import (
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"time"

	"github.com/muktihari/fit/encoder"
	"github.com/muktihari/fit/kit/datetime"
	"github.com/muktihari/fit/profile/factory"
	"github.com/muktihari/fit/profile/mesgdef"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/profile/untyped/fieldnum"
	"github.com/muktihari/fit/profile/untyped/mesgnum"
	"github.com/muktihari/fit/proto"

	"github.com/easyday/easyday/activity"
)

// WriteFIT writes a as a FIT activity file: file_id, device_info, sport, a workout (wkt_name =
// a.Name) with workout steps derived from the laps' step indices, then in time order the timer
// events, 1 Hz record messages and lap messages, then the session and the activity message
// (with local_timestamp when a.HasUTCOffset). Values that are NaN are left out; a nil Summary
// writes no session message, as in a file whose end was lost. Times are whole seconds, as FIT
// holds them. Running cadence is written as recorded (strides per minute on Garmin devices).
//
// The encoder buffers its own output and is fastest when w is an io.WriteSeeker such as an
// *os.File; other writers get two passes over the messages.
func WriteFIT(w io.Writer, a *activity.Activity) error {
	return writeFIT(w, a)
}

// WriteFITSessions writes acts as one FIT file holding one session per activity, as a
// multisport file does (WriteFIT says what each is written as).
func WriteFITSessions(w io.Writer, acts ...*activity.Activity) error {
	return writeFIT(w, acts...)
}

// writeFIT writes one FIT file holding one session per activity (a multisport file when there
// are several).
func writeFIT(w io.Writer, acts ...*activity.Activity) error {
	fit := buildFIT(acts)
	enc := encoder.New(w, encoder.WithHeaderOption(encoder.HeaderOptionNormal, 15),
		encoder.WithWriteBufferSize(64<<10))
	if err := enc.Encode(&fit); err != nil {
		return fmt.Errorf("encode fit: %w", err)
	}
	return nil
}

// fitDevice returns the file_id identity for a device name: one of the athlete's Garmin
// watches, or a development device carrying the name as its product_name.
func fitDevice(name string) (typedef.Manufacturer, uint16, uint32, uint16, string) {
	for _, d := range devices {
		if d.name == name {
			return typedef.ManufacturerGarmin, d.product, d.serial, d.software, ""
		}
	}
	h := fnv.New32a()
	_, _ = h.Write([]byte(name))
	return typedef.ManufacturerDevelopment, 0, h.Sum32() | 1, 100, name
}

func fitSport(s activity.Sport) typedef.Sport {
	switch s {
	case activity.SportRunning:
		return typedef.SportRunning
	case activity.SportCycling:
		return typedef.SportCycling
	case activity.SportSwimming:
		return typedef.SportSwimming
	case activity.SportWalking:
		return typedef.SportWalking
	case activity.SportHiking:
		return typedef.SportHiking
	}
	return typedef.SportGeneric
}

// fitSportName is the name a Garmin watch gives its sport profile.
func fitSportName(s activity.Sport) string {
	switch s {
	case activity.SportRunning:
		return "Run"
	case activity.SportCycling:
		return "Bike"
	case activity.SportSwimming:
		return "Pool Swim"
	case activity.SportWalking:
		return "Walk"
	case activity.SportHiking:
		return "Hike"
	}
	return "Other"
}

// fitIntensity maps a lap intensity, FIT or TCX spelling, to FIT's.
func fitIntensity(s string) typedef.Intensity {
	if s == "resting" {
		return typedef.IntensityRest
	}
	return typedef.IntensityFromString(s)
}

func fitLapTrigger(s string) typedef.LapTrigger {
	if s == "location" {
		return typedef.LapTriggerPositionLap
	}
	return typedef.LapTriggerFromString(s)
}

func fitSubSport(s string) typedef.SubSport {
	if s == "" {
		return typedef.SubSportInvalid
	}
	return typedef.SubSportFromString(s)
}

// ms converts seconds to FIT's milliseconds (scale 1000).
func ms(s float64) uint32 { return uint32(math.Round(s * 1000)) }

// lapEnd returns when lap k of a ends.
func lapEnd(a *activity.Activity, k int) time.Time {
	l := &a.Laps[k]
	if !math.IsNaN(l.ElapsedS) {
		return l.Start.Add(time.Duration(math.Round(l.ElapsedS*1000)) * time.Millisecond)
	}
	if k+1 < len(a.Laps) {
		return a.Laps[k+1].Start
	}
	return a.End()
}

// fitHeader is the file_id and device_info messages of a file whose first activity is first.
func fitHeader(first *activity.Activity, opts *mesgdef.Options) []proto.Message {
	manuf, product, serial, software, productName := fitDevice(first.Device)
	fileID := mesgdef.NewFileId(nil).
		SetType(typedef.FileActivity).
		SetManufacturer(manuf).
		SetProduct(product).
		SetSerialNumber(serial).
		SetTimeCreated(first.Start)
	if productName != "" {
		fileID.SetProductName(productName)
	}
	dev := mesgdef.NewDeviceInfo(nil).
		SetTimestamp(first.Start).
		SetDeviceIndex(typedef.DeviceIndexCreator).
		SetManufacturer(manuf).
		SetProduct(product).
		SetSerialNumber(serial).
		SetSoftwareVersion(software).
		SetSourceType(typedef.SourceTypeLocal)
	if productName != "" {
		dev.SetProductName(productName)
	}
	return []proto.Message{fileID.ToMesg(opts), dev.ToMesg(opts)}
}

func buildFIT(acts []*activity.Activity) proto.FIT {
	n := 16
	for _, a := range acts {
		n += len(a.Samples) + len(a.Laps) + len(a.Timer) + 4 + 2*len(a.Laps)
	}
	mesgs := make([]proto.Message, 0, n)
	first := acts[0]
	opts := mesgdef.DefaultOptions()
	add := func(m proto.Message) { mesgs = append(mesgs, m) }

	mesgs = append(mesgs, fitHeader(first, opts)...)

	// Record fields: templates copied per record, values in one preallocated block.
	var (
		fTime  = factory.CreateField(mesgnum.Record, fieldnum.RecordTimestamp)
		fLat   = factory.CreateField(mesgnum.Record, fieldnum.RecordPositionLat)
		fLon   = factory.CreateField(mesgnum.Record, fieldnum.RecordPositionLong)
		fAlt   = factory.CreateField(mesgnum.Record, fieldnum.RecordEnhancedAltitude)
		fDist  = factory.CreateField(mesgnum.Record, fieldnum.RecordDistance)
		fSpeed = factory.CreateField(mesgnum.Record, fieldnum.RecordEnhancedSpeed)
		fHR    = factory.CreateField(mesgnum.Record, fieldnum.RecordHeartRate)
		fCad   = factory.CreateField(mesgnum.Record, fieldnum.RecordCadence)
		fPower = factory.CreateField(mesgnum.Record, fieldnum.RecordPower)
	)
	nSamples := 0
	for _, a := range acts {
		nSamples += len(a.Samples)
	}
	block := make([]proto.Field, 0, 9*nSamples)

	var lapIndex, sessions int
	var timerTotal float64
	for _, a := range acts {
		add(mesgdef.NewSport(nil).
			SetSport(fitSport(a.Sport)).
			SetSubSport(fitSubSport(a.SubSport)).
			SetName(fitSportName(a.Sport)).ToMesg(opts))
		if a.Name != "" {
			for _, m := range workoutMesgs(a) {
				add(m)
			}
		}
		firstLap := lapIndex
		j, k := 0, 0
		emitEvent := func(e activity.TimerEvent) {
			et := typedef.EventTypeStopAll
			if e.Start {
				et = typedef.EventTypeStart
			}
			add(mesgdef.NewEvent(nil).
				SetTimestamp(e.Time).
				SetEvent(typedef.EventTimer).
				SetEventType(et).
				SetEventGroup(0).
				SetData(uint32(typedef.TimerTriggerManual)).ToMesg(opts))
		}
		emitLap := func(k int) {
			add(lapMesg(a, k, lapIndex, opts))
			lapIndex++
		}
		for i := range a.Samples {
			s := &a.Samples[i]
			t := s.Time.Truncate(time.Second)
			for j < len(a.Timer) && (a.Timer[j].Time.Before(t) || a.Timer[j].Time.Equal(t) && a.Timer[j].Start) {
				emitEvent(a.Timer[j])
				j++
			}
			for k < len(a.Laps)-1 && !lapEnd(a, k).After(t) {
				emitLap(k)
				k++
			}
			start := len(block)
			f := fTime
			f.Value = proto.Uint32(datetime.ToUint32(t))
			block = append(block, f)
			if s.HasPosition() {
				f = fLat
				f.Value = proto.Int32(semicircles(s.Lat))
				block = append(block, f)
				f = fLon
				f.Value = proto.Int32(semicircles(s.Lon))
				block = append(block, f)
			}
			if !math.IsNaN(s.Altitude) {
				f = fAlt
				f.Value = proto.Uint32(altRaw(s.Altitude))
				block = append(block, f)
			}
			if !math.IsNaN(s.Distance) {
				f = fDist
				f.Value = proto.Uint32(uint32(math.Round(s.Distance * 100)))
				block = append(block, f)
			}
			if !math.IsNaN(s.Speed) {
				f = fSpeed
				f.Value = proto.Uint32(uint32(math.Round(s.Speed * 1000)))
				block = append(block, f)
			}
			if !math.IsNaN(s.HeartRate) {
				f = fHR
				f.Value = proto.Uint8(uint8(math.Round(s.HeartRate)))
				block = append(block, f)
			}
			if !math.IsNaN(s.Cadence) {
				f = fCad
				f.Value = proto.Uint8(uint8(math.Round(s.Cadence)))
				block = append(block, f)
			}
			if !math.IsNaN(s.Power) {
				f = fPower
				f.Value = proto.Uint16(uint16(math.Round(s.Power)))
				block = append(block, f)
			}
			add(proto.Message{Num: mesgnum.Record, Fields: block[start:len(block):len(block)]})
			for j < len(a.Timer) && !a.Timer[j].Start && !a.Timer[j].Time.After(t) {
				emitEvent(a.Timer[j])
				j++
			}
		}
		for ; j < len(a.Timer); j++ {
			emitEvent(a.Timer[j])
		}
		for ; k < len(a.Laps); k++ {
			emitLap(k)
		}
		if a.Summary != nil {
			add(sessionMesg(a, sessions, firstLap, lapIndex-firstLap, opts))
			sessions++
			if !math.IsNaN(a.Summary.TimerS) {
				timerTotal += a.Summary.TimerS
			}
		}
	}

	last := acts[len(acts)-1]
	end := last.End().Truncate(time.Second)
	act := mesgdef.NewActivity(nil).
		SetTimestamp(end).
		SetNumSessions(uint16(sessions)).
		SetType(typedef.ActivityManual).
		SetEvent(typedef.EventActivity).
		SetEventType(typedef.EventTypeStop)
	if timerTotal > 0 {
		act.SetTotalTimerTime(ms(timerTotal))
	}
	if first.HasUTCOffset {
		_, off := first.Start.Zone()
		act.SetLocalTimestamp(end.Add(time.Duration(off) * time.Second))
	}
	add(act.ToMesg(opts))
	return proto.FIT{Messages: mesgs}
}

func lapMesg(a *activity.Activity, k, index int, opts *mesgdef.Options) proto.Message {
	l := &a.Laps[k]
	m := mesgdef.NewLap(nil).
		SetMessageIndex(typedef.MessageIndex(index)).
		SetTimestamp(lapEnd(a, k).Truncate(time.Second)).
		SetStartTime(l.Start).
		SetEvent(typedef.EventLap).
		SetEventType(typedef.EventTypeStop).
		SetSport(fitSport(a.Sport)).
		SetSubSport(fitSubSport(a.SubSport)).
		SetIntensity(fitIntensity(l.Intensity)).
		SetLapTrigger(fitLapTrigger(l.Trigger))
	if !math.IsNaN(l.ElapsedS) {
		m.SetTotalElapsedTime(ms(l.ElapsedS))
	}
	if !math.IsNaN(l.TimerS) {
		m.SetTotalTimerTime(ms(l.TimerS))
	}
	if !math.IsNaN(l.DistanceM) {
		m.SetTotalDistance(uint32(math.Round(l.DistanceM * 100)))
	}
	if !math.IsNaN(l.AvgHR) {
		m.SetAvgHeartRate(uint8(math.Round(l.AvgHR)))
	}
	if !math.IsNaN(l.MaxHR) {
		m.SetMaxHeartRate(uint8(math.Round(l.MaxHR)))
	}
	if !math.IsNaN(l.AvgSpeed) {
		v := uint32(math.Round(l.AvgSpeed * 1000))
		m.SetEnhancedAvgSpeed(v)
		if v < math.MaxUint16 {
			m.SetAvgSpeed(uint16(v))
		}
	}
	if l.WorkoutStep >= 0 {
		m.SetWktStepIndex(typedef.MessageIndex(l.WorkoutStep))
	}
	return m.ToMesg(opts)
}

func sessionMesg(a *activity.Activity, index, firstLap, numLaps int, opts *mesgdef.Options) proto.Message {
	sum := a.Summary
	m := mesgdef.NewSession(nil).
		SetMessageIndex(typedef.MessageIndex(index)).
		SetTimestamp(a.End().Truncate(time.Second)).
		SetStartTime(a.Start).
		SetSport(fitSport(a.Sport)).
		SetSubSport(fitSubSport(a.SubSport)).
		SetSportProfileName(fitSportName(a.Sport)).
		SetEvent(typedef.EventSession).
		SetEventType(typedef.EventTypeStop).
		SetTrigger(typedef.SessionTriggerActivityEnd).
		SetFirstLapIndex(uint16(firstLap)).
		SetNumLaps(uint16(numLaps))
	if !math.IsNaN(sum.ElapsedS) {
		m.SetTotalElapsedTime(ms(sum.ElapsedS))
	}
	if !math.IsNaN(sum.TimerS) {
		m.SetTotalTimerTime(ms(sum.TimerS))
	}
	if !math.IsNaN(sum.DistanceM) {
		m.SetTotalDistance(uint32(math.Round(sum.DistanceM * 100)))
		if sum.TimerS > 0 {
			v := uint32(math.Round(sum.DistanceM / sum.TimerS * 1000))
			m.SetEnhancedAvgSpeed(v)
			if v < math.MaxUint16 {
				m.SetAvgSpeed(uint16(v))
			}
		}
	}
	if !math.IsNaN(sum.AvgHR) {
		m.SetAvgHeartRate(uint8(math.Round(sum.AvgHR)))
	}
	if !math.IsNaN(sum.MaxHR) {
		m.SetMaxHeartRate(uint8(math.Round(sum.MaxHR)))
	}
	if !math.IsNaN(sum.TotalTrainingEffect) {
		m.SetTotalTrainingEffect(uint8(math.Round(sum.TotalTrainingEffect * 10)))
	}
	for i := range a.Samples {
		if a.Samples[i].HasPosition() {
			m.SetStartPositionLat(semicircles(a.Samples[i].Lat)).SetStartPositionLong(semicircles(a.Samples[i].Lon))
			break
		}
	}
	return m.ToMesg(opts)
}

// workoutMesgs returns the workout message named a.Name and its steps, derived from the laps:
// one step per workout step index the laps name (duration from the first such lap: its time or
// its distance, rounded, or open), and for an index no lap names, a repeat step over the block
// before it. Without step indices, the workout has one open step.
func workoutMesgs(a *activity.Activity) []proto.Message {
	opts := mesgdef.DefaultOptions()
	maxStep := -1
	for _, l := range a.Laps {
		maxStep = max(maxStep, l.WorkoutStep)
	}
	steps := make([]*mesgdef.WorkoutStep, 0, maxStep+2)
	if maxStep < 0 {
		steps = append(steps, mesgdef.NewWorkoutStep(nil).
			SetMessageIndex(0).
			SetDurationType(typedef.WktStepDurationOpen).
			SetTargetType(typedef.WktStepTargetOpen).
			SetIntensity(typedef.IntensityActive))
	}
	for idx := 0; idx <= maxStep; idx++ {
		first, count := -1, 0
		for k, l := range a.Laps {
			if l.WorkoutStep == idx {
				if first < 0 {
					first = k
				}
				count++
			}
		}
		st := mesgdef.NewWorkoutStep(nil).SetMessageIndex(typedef.MessageIndex(idx))
		if first < 0 {
			// A repeat step over the block of steps before it that laps visit more than once.
			from, reps := 0, 1
			for j := idx - 1; j >= 0; j-- {
				c := 0
				for _, l := range a.Laps {
					if l.WorkoutStep == j {
						c++
					}
				}
				if c <= 1 {
					break
				}
				from, reps = j, c
			}
			st.SetDurationType(typedef.WktStepDurationRepeatUntilStepsCmplt).
				SetDurationValue(uint32(from)).
				SetTargetValue(uint32(reps))
			steps = append(steps, st)
			continue
		}
		l := &a.Laps[first]
		switch {
		case l.Trigger == "time" && !math.IsNaN(l.TimerS):
			st.SetDurationType(typedef.WktStepDurationTime).SetDurationValue(ms(math.Round(l.TimerS)))
		case l.Trigger == "distance" && !math.IsNaN(l.DistanceM):
			st.SetDurationType(typedef.WktStepDurationDistance).
				SetDurationValue(uint32(math.Round(l.DistanceM/100) * 100 * 100))
		default:
			st.SetDurationType(typedef.WktStepDurationOpen)
		}
		st.SetTargetType(typedef.WktStepTargetOpen).SetIntensity(fitIntensity(l.Intensity))
		steps = append(steps, st)
	}
	out := make([]proto.Message, 0, len(steps)+1)
	out = append(out, mesgdef.NewWorkout(nil).
		SetWktName(a.Name).
		SetSport(fitSport(a.Sport)).
		SetSubSport(fitSubSport(a.SubSport)).
		SetNumValidSteps(uint16(len(steps))).ToMesg(opts))
	for _, st := range steps {
		out = append(out, st.ToMesg(opts))
	}
	return out
}

// WriteNonActivityFIT writes a FIT file of type fileType that holds no activity, as a watch's
// own folders do (GARMIN/Monitor, Settings, Sleep, Totals): a file_id, then for a monitoring
// file an hour of monitoring messages with heart rate, for a settings file device settings,
// and for any other type nothing more.
func WriteNonActivityFIT(w io.Writer, fileType typedef.File, t time.Time) error {
	opts := mesgdef.DefaultOptions()
	manuf, product, serial, _, _ := fitDevice("")
	mesgs := []proto.Message{mesgdef.NewFileId(nil).SetType(fileType).SetManufacturer(manuf).
		SetProduct(product).SetSerialNumber(serial).SetTimeCreated(t).ToMesg(opts)}
	switch fileType {
	case typedef.FileMonitoringA, typedef.FileMonitoringB, typedef.FileMonitoringDaily:
		for m := 0; m < 60; m++ {
			mesgs = append(mesgs, mesgdef.NewMonitoring(nil).SetTimestamp(t.Add(time.Duration(m)*time.Minute)).
				SetHeartRate(uint8(55+m%7)).SetCycles(uint32(10*m)).ToMesg(opts))
		}
	case typedef.FileSettings:
		mesgs = append(mesgs, mesgdef.NewDeviceSettings(nil).SetUtcOffset(3600).ToMesg(opts))
	}
	enc := encoder.New(w, encoder.WithHeaderOption(encoder.HeaderOptionNormal, 15))
	if err := enc.Encode(&proto.FIT{Messages: mesgs}); err != nil {
		return fmt.Errorf("encode fit: %w", err)
	}
	return nil
}
