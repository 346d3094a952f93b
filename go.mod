module github.com/gc-aia/aia

go 1.26.8

require github.com/santhosh-tekuri/jsonschema/v5 v5.3.1

require github.com/google/go-cmp v0.7.0
