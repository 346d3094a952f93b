// Package web holds the browser app's files (no framework, no build step): the page,
// style sheet and scripts, the service worker template, the web app manifest and the
// icon. wasm/server assembles them with the WebAssembly engine and Go's wasm_exec.js,
// which are built, not committed, into the complete static site.
package web

import "embed"

// Files holds the app's own files.
//
//go:embed index.html app.css app.js offline.js sw.js manifest.webmanifest icon.svg
var Files embed.FS
