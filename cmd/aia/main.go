// Command aia scores Algorithmic Impact Assessments and works with AIA questionnaires.
//
// Usage:
//
//	aia score [flags] PATH...          score saved assessments (files, directories, - for JSON Lines on stdin)
//	aia validate [flags] PATH...       check saved assessments without scoring them
//	aia migrate --to VERSION FILE...   rewrite saved assessments for another questionnaire version
//	aia report [flags] FILE            the full result of one assessment, as Markdown or HTML
//	aia questionnaire list|show|diff|import|check|schema
//	aia serve [--addr 127.0.0.1:8080]  the browser app, on this machine
//	aia completion bash|zsh|fish|powershell
//	aia version                        print the program version
//
// Flags follow the GNU conventions (spf13/pflag): they may come before, between or after
// the operands, "--" ends them, and the common ones have short forms (-f, -o, -q).
// Run "aia help COMMAND" for the flags and examples of a command.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/gc-aia/aia/internal/localize"
	"github.com/gc-aia/aia/internal/suggest"
	"github.com/gc-aia/aia/questionnaire"
)

// Exit statuses. A run stopped by a signal exits with 128 + the signal's number, as
// shells do: 130 for SIGINT (Ctrl-C), 143 for SIGTERM.
const (
	exitOK      = 0
	exitFailed  = 1 // some inputs could not be read or scored
	exitUsage   = 2
	programName = "aia"
)

// errUsage marks errors in the command line; they exit with status 2.
var errUsage = errors.New("usage")

// usageError returns an error in the command line (exit status 2).
func usageError(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errUsage, fmt.Sprintf(format, args...))
}

// env is what a command may touch: its arguments and streams. Tests run commands with
// their own.
type env struct {
	args   []string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// exitError carries the exit status a command chose, with the error to print (if any).
type exitError struct {
	status int
	err    error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.status)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// action adapts a command's body, which returns its exit status, to cobra.
func action(body func(ctx context.Context, args []string) (int, error)) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		status, err := body(cmd.Context(), args)
		if status == exitOK && err == nil {
			return nil
		}
		return &exitError{status: status, err: err}
	}
}

// interruption is the cause of a context cancelled by a signal.
type interruption struct{ signal os.Signal }

func (i interruption) Error() string { return "interrupted by " + i.signal.String() }

// status is the conventional exit status of a process stopped by the signal.
func (i interruption) status() int {
	if i.signal == syscall.SIGTERM {
		return 128 + 15
	}
	return 128 + 2 // SIGINT
}

func main() {
	tuneGC()
	ctx, cancel := context.WithCancelCause(context.Background())
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go func() {
		first := interruption{<-signals}
		cancel(first) // the command stops reading, finishes or discards what it writes
		second := <-signals
		removeTemporaries()
		fmt.Fprintf(os.Stderr, "%s: %v again: stopping at once\n", programName, second)
		os.Exit(first.status())
	}()
	os.Exit(run(ctx, &env{args: os.Args[1:], stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}))
}

// tuneGC lets the heap grow to three times what is live before a collection, unless
// GOGC says otherwise. A batch run allocates much and keeps little (a small window of
// inputs), so with the default the collector costs a fifth of the run; this way peak
// memory stays flat all the same (under 64 MiB for a million inputs).
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
}

// run runs the command line in e and returns the exit status.
func run(ctx context.Context, e *env) int {
	e.stdin = newInterruptibleReader(ctx, e.stdin)
	root := newRootCommand(e)
	if len(e.args) == 0 {
		root.SetOut(e.stderr)
		root.Usage()
		return exitUsage
	}
	root.SetArgs(longFlagsWithOneDash(root, e.args))
	cmd, err := root.ExecuteContextC(ctx)
	status := exitOK
	var exit *exitError
	switch {
	case errors.As(err, &exit):
		status, err = exit.status, exit.err
	case err != nil: // cobra's own errors: unknown command or flag, wrong operands
		status = exitUsage
	}
	if err != nil {
		name := programName
		if cmd, _, ferr := root.Find(e.args); ferr == nil && cmd != root {
			name = cmd.CommandPath()
		}
		lang := questionnaire.English // of the command's --lang, once its flags are read
		if cmd == nil {
			cmd = root
		}
		if f := cmd.Flags().Lookup("lang"); f != nil {
			lang, _ = questionnaire.ParseLang(f.Value.String())
		}
		fmt.Fprintf(e.stderr, "%s%s%s\n", name, label(lang, "colon"), cleanLines(strings.TrimPrefix(localize.Error(err, lang), errUsage.Error()+": ")))
		if errors.Is(err, errUsage) {
			status = exitUsage
		} else if status == exitOK {
			status = exitFailed
		}
	}
	var sig interruption
	if errors.As(context.Cause(ctx), &sig) {
		status = sig.status()
	}
	return status
}

// newRootCommand builds the command tree; every command writes to e's streams.
func newRootCommand(e *env) *cobra.Command {
	cobra.EnableCommandSorting = false // commands in the order below: the common ones first
	root := &cobra.Command{
		Use:           programName,
		Short:         "score Algorithmic Impact Assessments (Government of Canada)",
		Long:          "aia scores Algorithmic Impact Assessments (Government of Canada), exactly as the official\ntool does, and works with the saved files and questionnaire versions.",
		SilenceErrors: true, // run prints errors once, with the command's name
		SilenceUsage:  true,
	}
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	root.SetFlagErrorFunc(flagError)
	root.AddCommand(
		newScoreCommand(e),
		newValidateCommand(e),
		newMigrateCommand(e),
		newReportCommand(e),
		newDiffCommand(e),
		newQuestionnaireCommand(e),
		newServeCommand(e),
		newSiteCommand(e),
		newManCommand(root),
		newVersionCommand(e),
	)
	root.AddCommand(teamCommands(e)...)
	root.InitDefaultCompletionCmd()
	setCompletionExamples(root)
	requireSubcommands(root)
	return root
}

// completionExamples are the set-up lines of each shell, shown in the help of cobra's
// completion commands as every other command shows its examples.
var completionExamples = map[string]string{
	"bash":       "  source <(aia completion bash)       # this shell; needs the bash-completion package\n  aia completion bash > ~/.local/share/bash-completion/completions/aia",
	"zsh":        "  aia completion zsh > \"${fpath[1]}/_aia\"",
	"fish":       "  aia completion fish > ~/.config/fish/completions/aia.fish",
	"powershell": "  aia completion powershell | Out-String | Invoke-Expression",
}

func setCompletionExamples(root *cobra.Command) {
	c, _, err := root.Find([]string{"completion"})
	if err != nil || c == root {
		return
	}
	var all []string
	for _, sub := range c.Commands() {
		if ex, ok := completionExamples[sub.Name()]; ok {
			sub.Example = ex
			all = append(all, ex)
		}
	}
	c.Example = strings.Join(all, "\n")
}

// requireSubcommands makes a command that only groups others (aia questionnaire, aia
// team, aia completion …) a usage error without one: cobra would print its help and
// exit 0, which a script would take for success.
func requireSubcommands(c *cobra.Command) {
	for _, sub := range c.Commands() {
		requireSubcommands(sub)
	}
	if c.HasParent() && c.HasSubCommands() && c.RunE == nil && c.Run == nil {
		var names []string
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() {
				names = append(names, sub.Name())
			}
		}
		c.Args = cobra.NoArgs // an unknown subcommand is "unknown command"
		c.RunE = func(*cobra.Command, []string) error {
			return usageError("missing subcommand (%s)", strings.Join(names, ", "))
		}
	}
}

// flagError turns a flag parsing error into a usage error, with the nearest flag when
// the unknown one looks misspelled.
func flagError(cmd *cobra.Command, err error) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "unknown flag: --"); ok {
		var names []string
		cmd.Flags().VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
		if near := suggest.Nearest(name, names, 2); near != "" {
			msg += fmt.Sprintf(" (did you mean --%s?)", near)
		}
	}
	return fmt.Errorf("%w: %s (see %s --help)", errUsage, msg, cmd.CommandPath())
}

// longFlagsWithOneDash rewrites "-format jsonl" as "--format jsonl" for every long flag
// name the program knows, so that scripts written for the Go flag package's single-dash
// style keep working (pflag would read "-output" as "-o utput"). Nothing after "--"
// is touched.
func longFlagsWithOneDash(root *cobra.Command, args []string) []string {
	long := map[string]bool{}
	var visit func(*cobra.Command)
	visit = func(c *cobra.Command) {
		c.Flags().VisitAll(func(f *pflag.Flag) { long[f.Name] = true })
		for _, sub := range c.Commands() {
			visit(sub)
		}
	}
	visit(root)
	long["help"] = true
	out := make([]string, len(args))
	for i, a := range args {
		if a == "--" {
			copy(out[i:], args[i:])
			break
		}
		name, _, _ := strings.Cut(strings.TrimPrefix(a, "-"), "=")
		if len(a) > 2 && a[0] == '-' && a[1] != '-' && len(name) > 1 && long[name] {
			a = "-" + a
		}
		out[i] = a
	}
	return out
}

// setUsage gives a command its help: what it does, its flags and its examples.
func setUsage(c *cobra.Command, use, long, examples string) *cobra.Command {
	c.Use, c.Long, c.Example = use, strings.TrimSpace(long), strings.TrimRight(examples, "\n")
	if c.Short == "" {
		c.Short, _, _ = strings.Cut(c.Long, "\n")
	}
	c.Flags().SortFlags = false
	return c
}

func newVersionCommand(e *env) *cobra.Command {
	c := &cobra.Command{
		Short: "print the program version",
		Args:  cobra.NoArgs,
		RunE: action(func(context.Context, []string) (int, error) {
			fmt.Fprintf(e.stdout, "%s %s\n", programName, buildVersion())
			return exitOK, nil
		}),
	}
	return setUsage(c, "version", `
Prints the version of the program (the module version it was built from, or "devel").`,
		"  aia version")
}
