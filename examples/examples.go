// Package examples holds fictional sample assessments, one per impact level and both
// project phases, saved in the official tool's format. They are embedded so that the
// command-line tool can score a sample anywhere (aia score --sample).
package examples

import (
	"embed"
	"io/fs"
)

//go:embed assessments/*.json
var assessments embed.FS

// Sample is the name of the sample scored by default.
const Sample = "level2-implementation.json"

// Assessments returns the sample saved files, by file name.
func Assessments() fs.FS {
	sub, _ := fs.Sub(assessments, "assessments") // cannot fail: the folder is embedded
	return sub
}
