// Package web holds the browser app's files (no framework, no build step): the page,
// the style sheet, the scripts (ES modules in js/, which the browser loads as they are:
// no bundler; js/main.js is the entry point; team/ holds the modules that only the team
// server's app loads, on demand), the service worker template, the web app
// manifest and the icon. wasm/server assembles them with the WebAssembly engine and Go's wasm_exec.js,
// which are built, not committed, into the complete static site.
package web

import "embed"

// Files holds the app's own files.
//
//go:embed index.html app.css boot.js js/*.js offline.js sw.js manifest.webmanifest icon.svg team/*.js team/*.css
var Files embed.FS
