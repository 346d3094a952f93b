package main

import (
	"context"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

// newManCommand writes the manual pages of every command, generated from the same
// command definitions as --help.
func newManCommand(root *cobra.Command) *cobra.Command {
	c := &cobra.Command{Short: "write the manual pages (aia.1, aia-score.1, …) into a directory", Args: cobra.ExactArgs(1)}
	c.ValidArgsFunction = func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return nil, cobra.ShellCompDirectiveFilterDirs
	}
	c.RunE = action(func(_ context.Context, args []string) (int, error) {
		dir := args[0]
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return exitFailed, writeError(dir, err)
		}
		root.DisableAutoGenTag = true // the pages do not change with the day they are built
		header := &doc.GenManHeader{Title: "AIA", Section: "1", Source: "aia " + buildVersion(), Manual: "aia manual"}
		if err := doc.GenManTree(root, header, dir); err != nil {
			return exitFailed, err
		}
		return exitOK, nil
	})
	return setUsage(c, "man DIR", `
Writes the manual pages of aia and of each of its commands (section 1) into DIR, from
the same definitions as --help. Install them where man looks, e.g. /usr/local/share/man/man1.`,
		"  aia man /usr/local/share/man/man1\n  aia man ./man && man ./man/aia-score.1")
}
