package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/gc-aia/aia/wasm/server"
)

const serveHelp = `Usage: aia serve [flags]

Serves the AIA browser app: the questionnaire in English and French, the live score,
the results, and the assessments kept in the browser (IndexedDB). The page scores with
the same Go engine as this command, compiled to WebAssembly; nothing is sent anywhere.

The first run builds the engine with "GOOS=js GOARCH=wasm go build" from the checkout
(the go command is needed) and keeps it, compressed, in the user cache directory;
later runs start at once until the sources change.

Examples:
  go run ./cmd/aia serve
  aia serve --addr 127.0.0.1:9000

Flags:
`

func runServe(ctx context.Context, e *env) (int, error) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	addr := fs.String("addr", server.DefaultAddr, "`host:port` to listen on (loopback only unless --allow-remote)")
	allowRemote := fs.Bool("allow-remote", false, "allow an address other machines can reach")
	src := fs.String("src", "", "checkout of the module to build the engine from (default: found from this program or the working directory)")
	cache := fs.String("cache", "", "`directory` for the built engine (default: the user cache directory)")
	fs.Usage = func() { fmt.Fprint(fs.Output(), serveHelp); fs.PrintDefaults() }
	if err := fs.Parse(e.args); err != nil {
		if err == flag.ErrHelp {
			return exitOK, nil
		}
		return exitUsage, errUsage
	}
	if fs.NArg() > 0 {
		return exitUsage, fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	err := server.Serve(ctx, server.Options{
		Addr:        *addr,
		AllowRemote: *allowRemote,
		Build:       server.BuildOptions{Source: *src, CacheDir: *cache, Log: e.stderr},
		Ready: func(url string) {
			fmt.Fprintf(e.stdout, "AIA app: %s (press Ctrl+C to stop)\n", url)
		},
	})
	if err != nil {
		return exitFailed, err
	}
	return exitOK, nil
}
