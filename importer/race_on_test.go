//go:build race

package importer

// raceDetector is true under -race, where the XML differential tests compare a sample of the
// documents: the race detector makes them ten times slower, and the full pass runs without it
// (make test).
const raceDetector = true
