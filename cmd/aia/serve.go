package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/gc-aia/aia/wasm/server"
)

const serveHelp = `
Serves the AIA browser app: the questionnaire in English and French, the live score,
the results, and the assessments kept in the browser (IndexedDB). The page scores with
the same Go engine as this command, compiled to WebAssembly; nothing is sent anywhere.

Where the app comes from: --site DIR serves a site built by "aia site" (no Go needed);
a release build of aia embeds the site; otherwise the engine is built from the source
with "GOOS=js GOARCH=wasm go build" (the go command is needed; the source is the clone
you run from, or the module cache after go install) and kept, compressed, in the user
cache directory, so later runs start at once until the sources change.`

func newServeCommand(e *env) *cobra.Command {
	c := &cobra.Command{Short: "serve the browser app (WebAssembly engine, bilingual, offline)", Args: cobra.NoArgs}
	addr := c.Flags().String("addr", server.DefaultAddr, "`host:port` to listen on (loopback only unless --allow-remote)")
	allowRemote := c.Flags().Bool("allow-remote", false, "allow an address other machines can reach")
	src := c.Flags().String("src", "", "checkout of the module to build the engine from (default: found from this program or the working directory)")
	cache := c.Flags().String("cache", "", "`directory` for the built engine (default: the user cache directory)")
	site := c.Flags().String("site", "", "serve the site built by \"aia site\" in `DIR` (no Go needed)")
	c.MarkFlagDirname("site")
	c.MarkFlagDirname("src")
	c.MarkFlagDirname("cache")
	c.RunE = action(func(ctx context.Context, _ []string) (int, error) {
		err := server.Serve(ctx, server.Options{
			Addr:        *addr,
			AllowRemote: *allowRemote,
			Site:        *site,
			Build:       server.BuildOptions{Source: *src, CacheDir: *cache, Log: e.stderr},
			Ready: func(url string) {
				fmt.Fprintf(e.stdout, "AIA app: %s (press Ctrl+C to stop)\n", url)
			},
		})
		if err != nil {
			return exitFailed, err
		}
		return exitOK, nil
	})
	return setUsage(c, "serve [flags]", serveHelp, "  go run ./cmd/aia serve\n  aia serve --addr 127.0.0.1:9000\n  aia serve --site public/aia")
}
