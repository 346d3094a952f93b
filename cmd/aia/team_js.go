//go:build js

package main

import "github.com/spf13/cobra"

// teamCommands: the team server is not built for js/wasm (see team.go).
func teamCommands(*env) []*cobra.Command { return nil }
