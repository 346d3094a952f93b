package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/gc-aia/aia/wasm/server"
)

const siteHelp = `
Writes the complete browser app as static files into DIR: the page, its script and
styles, wasm_exec.js, the engine (aia.wasm), a service worker that keeps the app for
offline use, a web app manifest and icons, with precompressed .br and .gz copies beside
the large files. Every URL is relative, so any static web host serves DIR under any
path (https://host/tools/aia/), even one that compresses nothing and sets no headers;
the page carries its Content-Security-Policy in a <meta> tag. See "Host it" in the README
for the headers to add where the host allows it.

The engine is built from the source with "GOOS=js GOARCH=wasm go build", so this
command needs the go command and the source (a clone, or the module cache after go
install); the site it writes needs neither. DIR is created if missing; a DIR that holds
other files than a site is refused.`

func newSiteCommand(e *env) *cobra.Command {
	c := &cobra.Command{Short: "write the browser app as a static site (for any web host, offline)", Args: cobra.NoArgs}
	out := c.Flags().StringP("out", "o", "", "write the site into `DIR`")
	src := c.Flags().String("src", "", "checkout of the module to build the engine from (default: found)")
	cache := c.Flags().String("cache", "", "`directory` for the built engine (default: the user cache directory)")
	c.MarkFlagDirname("out")
	c.MarkFlagRequired("out")
	c.RunE = action(func(ctx context.Context, _ []string) (int, error) {
		if err := checkSiteDir(*out); err != nil {
			return exitUsage, err
		}
		w, err := server.Build(ctx, server.BuildOptions{Source: *src, CacheDir: *cache, Log: e.stderr})
		if err != nil {
			return exitFailed, err
		}
		site, err := server.NewSite(w)
		if err != nil {
			return exitFailed, err
		}
		if err := ctx.Err(); err != nil { // a signal during the build: write nothing
			return exitFailed, err
		}
		if err := site.WriteDir(*out); err != nil {
			return exitFailed, err
		}
		fmt.Fprintf(e.stdout, "Site %s written to %s: %d bytes for a first visit with brotli, %d with gzip, %d uncompressed.\n",
			site.Version, clean(*out), site.Size("br"), site.Size("gzip"), site.Size(""))
		return exitOK, nil
	})
	return setUsage(c, "site --out DIR", siteHelp, `  aia site --out public/aia
  aia serve --site public/aia                 # try it locally
  rsync -a public/aia/ web01:/var/www/tools/aia/`)
}

// checkSiteDir refuses a directory that holds files but no site: writing the site
// there would mix it with someone's files.
func checkSiteDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return usageError("--out %s: %v", clean(dir), err)
	}
	if len(entries) > 0 && !exists(filepath.Join(dir, "sw.js")) {
		return usageError("--out %s is not empty and holds no site built by aia site; name a new or empty directory", clean(dir))
	}
	return nil
}
