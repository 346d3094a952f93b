package server

// CoalesceDataSegments and BuildFlags are coalesceDataSegments and buildFlags, for the
// tests of package server_test.
var (
	CoalesceDataSegments = coalesceDataSegments
	BuildFlags           = buildFlags
)
