package queries

// Page sizes of the list queries. (The areas part of issue 10 declares the same
// two constants in filters.go: when both land, keep that one and drop this file.)
const (
	DefaultPageSize = 25
	MaxPageSize     = 200
)
