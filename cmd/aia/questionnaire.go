package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/gc-aia/aia/aia"

	"github.com/gc-aia/aia/questionnaire"
)

const questionnaireHelp = `Usage: aia questionnaire list

Lists the questionnaire versions embedded in the program, oldest first, with the
other names saved files give them, the Directive edition they serve, and their
maximum raw impact and mitigation scores.
`

func runQuestionnaire(_ context.Context, e *env) (int, error) {
	if len(e.args) == 0 || e.args[0] == "--help" || e.args[0] == "-h" {
		fmt.Fprint(e.stdout, questionnaireHelp)
		if len(e.args) == 0 {
			return exitUsage, fmt.Errorf("%w: missing subcommand (list)", errUsage)
		}
		return exitOK, nil
	}
	switch e.args[0] {
	case "list":
		tw := tabwriter.NewWriter(e.stdout, 2, 8, 2, ' ', 0)
		fmt.Fprintln(tw, "VERSION\tALIASES\tDIRECTIVE\tQUESTIONS\tMAX RAW\tMAX MITIGATION\tDEDUCTION FROM")
		for _, q := range questionnaire.Versions() {
			scored := 0
			for _, x := range q.Questions() {
				if x.Scored() {
					scored++
				}
			}
			current := ""
			if q.Version == questionnaire.Current {
				current = " (current)"
			}
			fmt.Fprintf(tw, "%s%s\t%s\t%s\t%d\t%d\t%d\t%d\n", q.Version, current, joinOr(q.Aliases, "-"), q.Directive, scored, q.MaxRaw(), q.MaxMitigation(), aia.MitigationThreshold(q.MaxMitigation()))
		}
		return exitOK, tw.Flush()
	}
	return exitUsage, fmt.Errorf("%w: unknown subcommand %q (list)", errUsage, e.args[0])
}

func joinOr(items []string, empty string) string {
	if len(items) == 0 {
		return empty
	}
	s := items[0]
	for _, it := range items[1:] {
		s += ", " + it
	}
	return s
}
