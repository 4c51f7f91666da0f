package report

import (
	"fmt"
	"math"
	"strconv"
)

// Number formatting shared by the flags' messages and the renderers. Missing values (NaN)
// format as "".

// pct formats a fraction as a whole percentage: 0.781 → "78%".
func pct(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return fmt.Sprintf("%.0f%%", v*100)
}

// pctVs formats v as pct does, with as many decimals as it takes (up to two) to tell it from
// ref: an effort of 0.7004 against a 0.70 ceiling is "70.04%", not "70%".
func pctVs(v, ref float64) string {
	if math.IsNaN(v) {
		return ""
	}
	d := 0
	for ; d < 2 && v != ref && fmt.Sprintf("%.*f", d, v*100) == fmt.Sprintf("%.*f", d, ref*100); d++ {
	}
	return fmt.Sprintf("%.*f%%", d, v*100)
}

// clock formats seconds as h:mm:ss, or m:ss under an hour, rounded to the second.
func clock(s float64) string {
	if math.IsNaN(s) || math.IsInf(s, 0) {
		return ""
	}
	sign := ""
	if s < 0 {
		sign, s = "-", -s
	}
	n := int64(math.Round(s))
	h, m, sec := n/3600, n/60%60, n%60
	if h > 0 {
		return fmt.Sprintf("%s%d:%02d:%02d", sign, h, m, sec)
	}
	return fmt.Sprintf("%s%d:%02d", sign, m, sec)
}

// clockVs formats s as clock does, with tenths of a second when that alone would not tell it
// from ref (a pace of 349.6 s/km against a limit of 350 is "5:49.6", not "5:50").
func clockVs(s, ref float64) string {
	c := clock(s)
	if s == ref || c != clock(ref) || math.IsNaN(s) {
		return c
	}
	t := math.Round(s*10) / 10
	whole := math.Floor(t)
	return fmt.Sprintf("%s.%d", clock(whole), int(math.Round((t-whole)*10)))
}

// minutes formats a number of minutes: "40 min", "37.5 min".
func minutes(m float64) string { return strconv.FormatFloat(m, 'f', -1, 64) + " min" }

// plural is "1 run" or "2 runs".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// The formatters list and inspect share with the reports: unknown values give "".

// Distance formats metres in units ("metric" or "imperial") with two decimals: "10.03".
func Distance(m float64, units string) string {
	return Options{Units: units}.unitsOrMetric().distance(m)
}

// Pace formats seconds per km as m:ss per km, or per mile in imperial units; an hour or more
// per unit is ">60:00".
func Pace(sPerKm float64, units string) string {
	s := Options{Units: units}.unitsOrMetric().perUnit(sPerKm)
	switch {
	case math.IsNaN(s) || math.IsInf(s, 0):
		return ""
	case s >= 3600:
		return ">60:00"
	}
	return clock(s)
}

// HMS formats seconds as h:mm:ss, hours included under an hour: "0:45:12".
func HMS(s float64) string {
	if math.IsNaN(s) {
		return ""
	}
	n := int64(math.Round(s))
	return fmt.Sprintf("%d:%02d:%02d", n/3600, n/60%60, n%60)
}

// unitsOrMetric is o's units, metric unless they say imperial.
func (o Options) unitsOrMetric() units { return units{imperial: o.Units == "imperial"} }
