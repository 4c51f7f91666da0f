package analysis_test

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/analysis"
)

// mark is how a leg is recorded as laps: its lap intensity and workout step (-1: none), and
// the number of equal laps it is split into (auto-laps; 0 or 1: one lap).
type mark struct {
	intensity string
	step      int
	laps      int
}

// lapped builds a run through the legs with laps as marked (marks[k] for legs[k]).
func lapped(legs []leg, marks []mark) *activity.Activity {
	a := synth(legs...)
	sec := 0
	for k, l := range legs {
		n := max(1, marks[k].laps)
		for j := range n {
			secs := l.secs / n
			if j == n-1 {
				secs = l.secs - secs*(n-1)
			}
			lap := activity.NewLap(runStart.Add(time.Duration(sec) * time.Second))
			lap.ElapsedS, lap.TimerS = float64(secs), float64(secs)
			lap.DistanceM, lap.AvgSpeed, lap.AvgHR = float64(secs)*l.speed, l.speed, l.hr
			lap.Intensity, lap.WorkoutStep = marks[k].intensity, marks[k].step
			a.Laps = append(a.Laps, lap)
			sec += secs
		}
	}
	return a
}

// reps is a session: a 10 min warm-up, n repetitions of work alternating with recoveries
// of rest, a 10 min cool-down; with the marks the file gives each part.
func reps(n int, work, rest leg, warm, wk, rc, cool mark) ([]leg, []mark) {
	legs := []leg{{secs: 600, speed: 2.8, hr: 130}}
	marks := []mark{warm}
	for i := range n {
		legs, marks = append(legs, work), append(marks, wk)
		if i < n-1 {
			legs, marks = append(legs, rest), append(marks, rc)
		}
	}
	return append(legs, leg{secs: 600, speed: 2.7, hr: 128}), append(marks, cool)
}

// shape is what a test compares of a Structure.
type shape struct {
	From             string
	WorkBouts        int
	WorkS, RecoveryS float64
	Clearly          bool
}

func TestStructure(t *testing.T) {
	none := mark{step: -1}
	fast := leg{secs: 180, speed: 4.2, hr: 170}
	jog := leg{secs: 120, speed: 2.5, hr: 140}
	fitMarks := func(n int, work, rest leg) *activity.Activity {
		return lapped(reps(n, work, rest, mark{"warmup", 0, 1}, mark{"active", 1, 1}, mark{"rest", 2, 1}, mark{"cooldown", 3, 1}))
	}
	tests := []struct {
		name string
		a    *activity.Activity
		// noSpeed drops the speed and distance of every sample (those of reps' warm-up and
		// cool-down too)
		noSpeed bool
		want    shape
		tolS    float64 // tolerance on the seconds of work and recovery
		check   func(t *testing.T, st analysis.Structure)
	}{
		{
			name: "FIT workout steps with lap intensities",
			a:    fitMarks(5, fast, jog),
			want: shape{"lap intensity", 5, 900, 480, true},
			check: func(t *testing.T, st analysis.Structure) {
				got := []float64{st.WorkPaceSPerKm, st.RecoveryPaceSPerKm, st.WorkHR, st.RecoveryHR, st.WorkEffort, st.RecoveryEffort}
				want := []float64{1000 / 4.2, 1000 / 2.5, 170, 140, 170.0 / 190, 140.0 / 190}
				if diff := cmp.Diff(got, want, cmpopts.EquateApprox(0.001, 0)); diff != "" {
					t.Errorf("paces, heart rates and efforts (-got +want):\n%s", diff)
				}
			},
		},
		{
			name: "FIT workout steps without intensities: the fastest repeated step is the work",
			a:    lapped(reps(5, fast, jog, mark{"", 0, 1}, mark{"", 1, 1}, mark{"", 2, 1}, mark{"", 3, 1})),
			want: shape{"workout steps", 5, 900, 480, true},
		},
		{
			name: "auto-laps within one workout step are one bout",
			a: lapped(reps(4, leg{secs: 400, speed: 4.2, hr: 170}, jog,
				mark{"warmup", 0, 2}, mark{"active", 1, 2}, mark{"rest", 2, 1}, mark{"cooldown", 3, 2})),
			want: shape{"lap intensity", 4, 1600, 360, true},
		},
		{
			name: "TCX Active and Resting laps",
			a:    lapped(reps(6, fast, jog, mark{"active", -1, 1}, mark{"active", -1, 1}, mark{"resting", -1, 1}, mark{"active", -1, 1})),
			want: shape{"lap intensity", 6, 1080, 600, true},
		},
		{
			name: "marked bouts not clearly harder",
			a:    fitMarks(5, leg{secs: 180, speed: 3.0, hr: 150}, leg{secs: 120, speed: 2.8, hr: 145}),
			want: shape{"lap intensity", 5, 900, 480, false},
		},
		{
			name: "manual laps that alternate clearly",
			a:    lapped(reps(6, fast, jog, none, none, none, none)),
			want: shape{"laps", 6, 1080, 600, true},
		},
		{
			name: "manual laps: 2 bouts are too few",
			a:    lapped(reps(2, fast, jog, none, none, none, none)),
			want: shape{"laps", 2, 360, 120, true},
		},
		{
			name: "auto-laps of a steady run",
			a: lapped([]leg{{secs: 330, speed: 3.0, hr: 140}, {secs: 320, speed: 3.1, hr: 142}, {secs: 340, speed: 2.95, hr: 143},
				{secs: 310, speed: 3.2, hr: 145}, {secs: 335, speed: 3.0, hr: 146}, {secs: 325, speed: 3.05, hr: 147}},
				[]mark{none, none, none, none, none, none}),
			want: shape{},
		},
		{
			name: "detected without laps: 6 bouts",
			a:    synth(must(reps(6, fast, jog, none, none, none, none))...),
			want: shape{"detected", 6, 1080, 600, true},
			tolS: 30,
		},
		{
			name: "detected: 3 bouts",
			a:    synth(must(reps(3, fast, jog, none, none, none, none))...),
			want: shape{"detected", 3, 540, 240, true},
			tolS: 20,
		},
		{
			name: "detected: 2 bouts",
			a:    synth(must(reps(2, fast, jog, none, none, none, none))...),
			want: shape{"detected", 2, 360, 120, true},
			tolS: 20,
		},
		{
			name: "detected: repetitions only 10% faster are no bouts",
			a:    synth(must(reps(6, leg{secs: 180, speed: 3.08, hr: 150}, leg{secs: 120, speed: 2.8, hr: 145}, none, none, none, none))...),
			want: shape{},
		},
		{
			name: "detected: walking breaks are not recoveries",
			a: synth(leg{secs: 480, speed: 3, hr: 150}, leg{secs: 90, speed: 1.3, hr: 120}, leg{secs: 480, speed: 3, hr: 150},
				leg{secs: 90, speed: 1.3, hr: 120}, leg{secs: 480, speed: 3, hr: 150}, leg{secs: 90, speed: 1.3, hr: 120},
				leg{secs: 480, speed: 3, hr: 150}),
			want: shape{},
		},
		{
			name: "a tempo block is no bout",
			a:    synth(leg{secs: 900, speed: 2.8, hr: 130}, leg{secs: 1500, speed: 3.6, hr: 160}, leg{secs: 600, speed: 2.7, hr: 130}),
			want: shape{},
		},
		{
			name: "detected by heart rate where there is no speed",
			a: synth(must(reps(5, leg{secs: 180, speed: math.NaN(), hr: 170}, leg{secs: 120, speed: math.NaN(), hr: 140},
				none, none, none, none))...),
			noSpeed: true,
			want:    shape{"detected", 5, 900, 480, true},
			tolS:    60,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.noSpeed {
				for i := range tt.a.Samples {
					tt.a.Samples[i].Speed, tt.a.Samples[i].Distance = math.NaN(), math.NaN()
				}
			}
			st := analysis.StructureOf(tt.a, athlete())
			got := shape{st.From, st.WorkBouts, st.WorkS, st.RecoveryS, st.ClearlyHarder()}
			if tt.want.WorkBouts == 0 {
				got.WorkS, got.RecoveryS = 0, 0
			}
			if diff := cmp.Diff(got, tt.want, cmpopts.EquateApprox(0, tt.tolS)); diff != "" {
				t.Errorf("structure (-got +want):\n%s\n%+v", diff, st)
			}
			if tt.check != nil {
				tt.check(t, st)
			}
		})
	}
}

// must drops the marks of reps.
func must(legs []leg, _ []mark) []leg { return legs }
