package importer

import "github.com/easyday/easyday/activity"

// The versions of the decoding rules, one per format. Raise a format's version by one in the
// change that alters what Decode yields for some file of that format (a clock jump read
// another way, a distance corrected, positionless points kept, ...): the store records the
// version that read each file, and the next import reads every file of that format again
// (README "Upgrades"). TestRulesVersion fails, naming the constant, when decoding changed and
// its version did not; `go test ./importer -run TestRulesVersion -update` then records the
// new results.
const (
	// 2: clock corrections taken back, the timer note (issue 11); every activity carries a
	// description and a commute mark.
	RulesFIT = 2
	// 2: every activity carries a description and a commute mark (issue 11).
	RulesGPX = 2
	// 2: a single track's gaps as the timer's stops (issue 11); description and commute mark.
	RulesTCX = 2
)

// RulesVersion returns the version of the decoding rules for files of format f. For a file
// whose format is not known (it failed before that was), it is the sum of the formats'
// versions, so that such a file is tried again whenever any of them is raised.
func RulesVersion(f activity.Format) int {
	switch f {
	case activity.FormatFIT:
		return RulesFIT
	case activity.FormatGPX:
		return RulesGPX
	case activity.FormatTCX:
		return RulesTCX
	}
	return RulesFIT + RulesGPX + RulesTCX
}

// FormatOf returns the format data is in (a gzip wrapper is not looked into), empty when it
// is none Decode reads.
func FormatOf(data []byte) activity.Format {
	switch Sniff(data) {
	case KindFIT:
		return activity.FormatFIT
	case KindGPX:
		return activity.FormatGPX
	case KindTCX:
		return activity.FormatTCX
	}
	return ""
}
