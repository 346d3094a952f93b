package store_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gc-aia/aia/wasm/store"
)

// These tests run natively (Merge is plain Go) and, with the others, in Chromium.

func TestMerge(t *testing.T) {
	const base = `{"version":"v1.0.1","currentPage":1,"data":{"projectDetailsTitle":"T","projectDetailsBranch":"B0","projectDetailsPhase":"item1","riskProfile1":"item2"},"translationsOnResult":{"projectDetailsTitle":"TF"}}`
	tests := []struct {
		name, mine, theirs string
		want               string
	}{{
		name:   "each tab changed another answer: both kept",
		mine:   `{"version":"v1.0.1","currentPage":1,"data":{"projectDetailsTitle":"T","projectDetailsBranch":"B0","projectDetailsPhase":"item2","riskProfile1":"item2"},"translationsOnResult":{"projectDetailsTitle":"TF"}}`,
		theirs: `{"version":"v1.0.1","currentPage":1,"data":{"projectDetailsTitle":"T","projectDetailsBranch":"Branch A","projectDetailsPhase":"item1","riskProfile1":"item2"},"translationsOnResult":{"projectDetailsTitle":"TF"}}`,
		want:   `{"version":"v1.0.1","currentPage":1,"data":{"projectDetailsTitle":"T","projectDetailsBranch":"Branch A","projectDetailsPhase":"item2","riskProfile1":"item2"},"translationsOnResult":{"projectDetailsTitle":"TF"}}`,
	}, {
		name:   "the same answer changed in both: the writer's wins for it alone",
		mine:   `{"version":"v1.0.1","currentPage":1,"data":{"projectDetailsTitle":"T","projectDetailsBranch":"Branch B","projectDetailsPhase":"item1","riskProfile1":"item2"},"translationsOnResult":{"projectDetailsTitle":"TF"}}`,
		theirs: `{"version":"v1.0.1","currentPage":1,"data":{"projectDetailsTitle":"T2","projectDetailsBranch":"Branch A","projectDetailsPhase":"item1","riskProfile1":"item2"},"translationsOnResult":{"projectDetailsTitle":"TF"}}`,
		want:   `{"version":"v1.0.1","currentPage":1,"data":{"projectDetailsTitle":"T2","projectDetailsBranch":"Branch B","projectDetailsPhase":"item1","riskProfile1":"item2"},"translationsOnResult":{"projectDetailsTitle":"TF"}}`,
	}, {
		name:   "removals are changes, on either side",
		mine:   `{"version":"v1.0.1","currentPage":1,"data":{"projectDetailsTitle":"T","projectDetailsBranch":"B0","projectDetailsPhase":"item1"},"translationsOnResult":{"projectDetailsTitle":"TF"}}`,
		theirs: `{"version":"v1.0.1","currentPage":1,"data":{"projectDetailsBranch":"B0","projectDetailsPhase":"item1","riskProfile1":"item2"},"translationsOnResult":{}}`,
		want:   `{"version":"v1.0.1","currentPage":1,"data":{"projectDetailsBranch":"B0","projectDetailsPhase":"item1"},"translationsOnResult":{}}`,
	}, {
		name:   "removed here, changed there: the removal (the later write) wins",
		mine:   `{"version":"v1.0.1","currentPage":1,"data":{"projectDetailsTitle":"T","projectDetailsPhase":"item1","riskProfile1":"item2"},"translationsOnResult":{"projectDetailsTitle":"TF"}}`,
		theirs: `{"version":"v1.0.1","currentPage":1,"data":{"projectDetailsTitle":"T","projectDetailsBranch":"Branch A","projectDetailsPhase":"item1","riskProfile1":"item2"},"translationsOnResult":{"projectDetailsTitle":"TF"}}`,
		want:   `{"version":"v1.0.1","currentPage":1,"data":{"projectDetailsTitle":"T","projectDetailsPhase":"item1","riskProfile1":"item2"},"translationsOnResult":{"projectDetailsTitle":"TF"}}`,
	}, {
		name:   "new answers and members on both sides, lists, translations, other members",
		mine:   `{"version":"v1.0.1","currentPage":4,"data":{"projectDetailsTitle":"T","projectDetailsBranch":"B0","projectDetailsPhase":"item1","riskProfile1":"item2","aboutSystem1":["item1","item3"]},"translationsOnResult":{"projectDetailsTitle":"TF"}}`,
		theirs: `{"version":"v1.0.1","currentPage":1,"completed":true,"data":{"projectDetailsTitle":"T","projectDetailsBranch":"B0","projectDetailsPhase":"item1","riskProfile1":"item2","impact1":"item3"},"translationsOnResult":{"projectDetailsTitle":"TF2","projectDetailsBranch":"BF"}}`,
		want:   `{"version":"v1.0.1","currentPage":4,"data":{"projectDetailsTitle":"T","projectDetailsBranch":"B0","projectDetailsPhase":"item1","riskProfile1":"item2","aboutSystem1":["item1","item3"],"impact1":"item3"},"translationsOnResult":{"projectDetailsTitle":"TF2","projectDetailsBranch":"BF"},"completed":true}`,
	}, {
		name:   "the same answer given the same value on both sides",
		mine:   `{"version":"v1.0.1","currentPage":1,"data":{"projectDetailsTitle":"T","projectDetailsBranch":"Same","projectDetailsPhase":"item1","riskProfile1":"item2"},"translationsOnResult":{"projectDetailsTitle":"TF"}}`,
		theirs: `{"version":"v1.0.1","currentPage":1,"data":{"projectDetailsTitle":"T","projectDetailsBranch":"Same","projectDetailsPhase":"item1","riskProfile1":"item2"},"translationsOnResult":{"projectDetailsTitle":"TF"}}`,
		want:   `{"version":"v1.0.1","currentPage":1,"data":{"projectDetailsTitle":"T","projectDetailsBranch":"Same","projectDetailsPhase":"item1","riskProfile1":"item2"},"translationsOnResult":{"projectDetailsTitle":"TF"}}`,
	}, {
		name:   "spacing, escapes and member order are not changes",
		mine:   `{ "data" : {"riskProfile1":"item2","projectDetailsPhase":"item1","projectDetailsBranch":"B\u0030","projectDetailsTitle":"T"}, "translationsOnResult":{"projectDetailsTitle":"TF"},"currentPage":1.0e0,"version":"v1.0.1"}`,
		theirs: `{"version":"v1.0.1","currentPage":2,"data":{"projectDetailsTitle":"<b>&","projectDetailsBranch":"B0","projectDetailsPhase":"item1","riskProfile1":"item2"},"translationsOnResult":{"projectDetailsTitle":"TF"}}`,
		want:   `{"data":{"riskProfile1":"item2","projectDetailsPhase":"item1","projectDetailsBranch":"B0","projectDetailsTitle":"<b>&"},"translationsOnResult":{"projectDetailsTitle":"TF"},"currentPage":2,"version":"v1.0.1"}`,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := store.Merge([]byte(base), []byte(tt.mine), []byte(tt.theirs))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("Merge (-want +got):\n%s", diff)
			}
			if !json.Valid(got) {
				t.Errorf("Merge gave invalid JSON %s", got)
			}
			// Nothing changed here: theirs, as a value.
			same, err := store.Merge([]byte(base), []byte(base), []byte(tt.theirs))
			if err != nil || !store.SameFile(same, []byte(tt.theirs)) {
				t.Errorf("Merge(base, base, theirs) = %s, %v; want theirs", same, err)
			}
			// Nothing changed there: mine, as a value.
			mineOnly, err := store.Merge([]byte(base), []byte(tt.mine), []byte(base))
			if err != nil || !store.SameFile(mineOnly, []byte(tt.mine)) {
				t.Errorf("Merge(base, mine, base) = %s, %v; want mine", mineOnly, err)
			}
		})
	}
}

func TestMergeHostileKeysKeptVerbatim(t *testing.T) {
	base := `{"data":{}}`
	mine := `{"data":{"a":"<script>x</script>"}}`
	theirs := `{"data":{"evil<img src=x onerror=alert(1)>":"\u003cimg\u003e"}}`
	got, err := store.Merge([]byte(base), []byte(mine), []byte(theirs))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"data":{"a":"<script>x</script>","evil<img src=x onerror=alert(1)>":"\u003cimg\u003e"}}`
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("Merge (-want +got):\n%s", diff)
	}
}

func TestMergeErrors(t *testing.T) {
	ok := `{"data":{}}`
	for _, tt := range []struct{ base, mine, theirs string }{
		{`[]`, ok, ok},
		{ok, `{"data":`, ok},
		{ok, ok, `"text"`},
		{ok, ok, `{} {}`},
		{ok, `{"data":{"a":}}`, `{"data":{}}`},
	} {
		if got, err := store.Merge([]byte(tt.base), []byte(tt.mine), []byte(tt.theirs)); err == nil {
			t.Errorf("Merge(%s, %s, %s) = %s, want an error", tt.base, tt.mine, tt.theirs, got)
		}
	}
	// Without a base there is nothing to merge from (Store.Save then writes mine).
	got, err := store.Merge(nil, []byte(`{"data":{"a":"1"}}`), []byte(`{"data":{"a":"2","b":"3"}}`))
	if err == nil {
		t.Errorf("Merge(nil, …) = %s, want an error", got)
	}
}

func TestSameFile(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{`{"a":1,"b":[1,"x"]}`, `{ "b":[1,"x"], "a":1.0 }`, true},
		{`{"a":1,"b":[1,"x"]}`, `{ "b":[1,"\u0078"], "a":1 }`, true},
		{`{"a":1}`, `{"a":2}`, false},
		{`{"a":1}`, `{"a":1,"b":null}`, false},
		{`{}`, `not json`, false},
	} {
		if got := store.SameFile([]byte(tt.a), []byte(tt.b)); got != tt.want {
			t.Errorf("SameFile(%s, %s) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
