package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gc-aia/aia/questionnaire"
)

// choiceFlag is a flag whose value is one of a few words, matched without regard to
// case; shell completion offers the words.
type choiceFlag struct {
	value   string
	choices []string
}

func (f *choiceFlag) String() string { return f.value }
func (f *choiceFlag) Type() string   { return "string" }

func (f *choiceFlag) Set(s string) error {
	for _, c := range f.choices {
		if strings.EqualFold(s, c) {
			f.value = c
			return nil
		}
	}
	return fmt.Errorf("must be %s, not %q", orList(f.choices), s)
}

func orList(words []string) string {
	if len(words) == 1 {
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// addChoiceFlag defines --name (and -short when not "") taking one of choices.
func addChoiceFlag(c *cobra.Command, name, short, usage string, choices ...string) *string {
	f := &choiceFlag{value: choices[0], choices: choices}
	c.Flags().VarP(f, name, short, usage)
	c.RegisterFlagCompletionFunc(name, cobra.FixedCompletions(choices, cobra.ShellCompDirectiveNoFileComp))
	return &f.value
}

func addFormatFlag(c *cobra.Command, usage string, formats ...string) *string {
	return addChoiceFlag(c, "format", "f", usage+": "+orList(formats), formats...)
}

// addLangFlag defines --lang and returns the language it names once flags are parsed.
func addLangFlag(c *cobra.Command, usage string) func() questionnaire.Lang {
	lang := addChoiceFlag(c, "lang", "", usage+": en or fr", "en", "fr")
	return func() questionnaire.Lang { l, _ := questionnaire.ParseLang(*lang); return l }
}

// completeVersions offers the embedded version names, and files (a questionnaire may be
// given as a path).
func completeVersions(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return questionnaire.VersionNames(), cobra.ShellCompDirectiveDefault
}

// addOutputFlag defines -o/--output.
func addOutputFlag(c *cobra.Command, p *string) {
	c.Flags().StringVarP(p, "output", "o", "", "write to `FILE` (atomically: all or nothing; never over an input) instead of standard output")
}
