// Command aia scores Algorithmic Impact Assessments and works with AIA questionnaires.
//
// Usage:
//
//	aia score [flags] PATH...          score saved assessments (files, directories, - for JSON Lines on stdin)
//	aia validate [flags] PATH...       check saved assessments without scoring them
//	aia migrate --to VERSION FILE...   rewrite saved assessments for another questionnaire version
//	aia report [flags] FILE            the full result of one assessment, as Markdown or HTML
//	aia questionnaire list|show|diff|schema
//	aia serve [--addr 127.0.0.1:8080]  the browser app, on this machine
//	aia version                        print the program version
//
// Run "aia help COMMAND" for the flags of a command.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
)

// Exit statuses.
const (
	exitOK      = 0
	exitFailed  = 1 // some inputs could not be read or scored
	exitUsage   = 2
	programName = "aia"
)

// errUsage marks errors in the command line; they exit with status 2.
var errUsage = errors.New("usage")

// env is what a command may touch: its arguments and streams. Tests run commands with
// their own.
type env struct {
	args   []string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env) (int, error)
}

func commands() []command {
	return []command{
		{"score", "score saved assessments (files, directories, JSON Lines on stdin)", runScore},
		{"validate", "check saved assessments without scoring them", runValidate},
		{"migrate", "rewrite saved assessments for another questionnaire version", runMigrate},
		{"report", "write the full result of one assessment as Markdown or HTML", runReport},
		{"questionnaire", "list, show, compare questionnaire versions; print the JSON Schemas", runQuestionnaire},
		{"serve", "serve the browser app (WebAssembly engine, bilingual, offline)", runServe},
		{"version", "print the program version", runVersion},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, &env{args: os.Args[1:], stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}))
}

func run(ctx context.Context, e *env) int {
	if len(e.args) == 0 {
		usage(e.stderr)
		return exitUsage
	}
	name := e.args[0]
	if name == "help" || name == "-h" || name == "--help" || name == "-help" {
		if len(e.args) > 1 {
			return run(ctx, &env{args: []string{e.args[1], "--help"}, stdin: e.stdin, stdout: e.stdout, stderr: e.stderr})
		}
		usage(e.stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == name {
			status, err := c.run(ctx, &env{args: e.args[1:], stdin: e.stdin, stdout: e.stdout, stderr: e.stderr})
			if err != nil {
				fmt.Fprintf(e.stderr, "%s %s: %v\n", programName, name, err)
				if errors.Is(err, errUsage) {
					return exitUsage
				}
				if status == exitOK {
					status = exitFailed
				}
			}
			return status
		}
	}
	fmt.Fprintf(e.stderr, "%s: unknown command %q\n", programName, name)
	usage(e.stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "%s scores Algorithmic Impact Assessments (Government of Canada).\n\nUsage:\n  %s COMMAND [flags] [arguments]\n\nCommands:\n", programName, programName)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-14s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun \"%s help COMMAND\" for a command's flags and examples.\n", programName)
}

// newFlags returns the flag set of a command; its usage prints help and the flags.
func newFlags(name, help string, e *env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() { fmt.Fprint(fs.Output(), help); fs.PrintDefaults() }
	return fs
}

// parseFlags parses a command's arguments. done reports that the command must stop at
// once with status and err: help was asked for, or a flag is wrong.
func parseFlags(fs *flag.FlagSet, args []string) (done bool, status int, err error) {
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return true, exitOK, nil
		}
		return true, exitUsage, errUsage
	}
	return false, exitOK, nil
}

const versionHelp = `Usage: aia version

Prints the version of the program (the module version it was built from, or "devel").

Example:
  aia version
`

func runVersion(_ context.Context, e *env) (int, error) {
	fs := newFlags("version", versionHelp, e)
	if done, status, err := parseFlags(fs, e.args); done {
		return status, err
	}
	if fs.NArg() > 0 {
		return exitUsage, fmt.Errorf("%w: version takes no arguments", errUsage)
	}
	fmt.Fprintf(e.stdout, "%s %s\n", programName, buildVersion())
	return exitOK, nil
}
