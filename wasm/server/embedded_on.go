//go:build embedsite

package server

import (
	"embed"
	"io/fs"
)

// embedded is the site "aia site --out wasm/server/embedded" wrote before a release
// build (see .goreleaser.yaml); the directory is not committed.
//
//go:embed embedded
var embedded embed.FS

// EmbeddedSite returns the site this release build embeds.
func EmbeddedSite() (*Site, error) {
	sub, err := fs.Sub(embedded, "embedded")
	if err != nil {
		return nil, err
	}
	return readSite(sub, "the embedded site")
}
