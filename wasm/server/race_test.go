//go:build race

package server_test

// raceEnabled reports a -race build, where compressing a fresh engine build takes
// minutes; TestBuildCache then leaves it to the run without -race.
const raceEnabled = true
