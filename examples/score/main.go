// Command score is a small program using the aia library: it scores a saved assessment
// (the embedded sample when no file is given) and prints the level, the scores and what
// the level requires.
//
//	go run ./examples/score [FILE]
package main

import (
	"fmt"
	"io/fs"
	"log"
	"os"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/examples"
	"github.com/gc-aia/aia/questionnaire"
)

func main() {
	var data []byte
	var err error
	if len(os.Args) > 1 {
		data, err = os.ReadFile(os.Args[1])
	} else {
		data, err = fs.ReadFile(examples.Assessments(), examples.Sample)
	}
	if err != nil {
		log.Fatal(err)
	}
	rep, err := aia.ScoreFile(data, aia.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("Questionnaire %s: impact level %v\n", rep.Questionnaire, rep.Level)
	fmt.Printf("Current score %d (raw %d of %d, mitigation %d of %d, deduction %v)\n",
		rep.Current, rep.Raw, rep.MaxRaw, rep.Mitigation, rep.MaxMitigation, rep.Deduction)
	for _, r := range rep.Requirements {
		fmt.Printf("- %s\n", r.Title.In(questionnaire.English))
	}
	for _, w := range rep.Warnings {
		fmt.Println("warning:", w)
	}
}
