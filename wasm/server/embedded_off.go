//go:build !embedsite

package server

// EmbeddedSite returns the site a release build embeds; this build embeds none.
func EmbeddedSite() (*Site, error) { return nil, nil }
