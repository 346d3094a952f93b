package server

import "context"

// LoadSite returns the site Serve would serve with opts: the built site in opts.Site,
// else the one embedded in a release build, else one built from the source.
func LoadSite(ctx context.Context, opts Options) (*Site, error) { return opts.site(ctx) }
