package jsoncodec_test

import (
	"fmt"

	"github.com/gc-aia/aia/internal/jsoncodec"
)

func ExampleMarshal() {
	type answer struct {
		Question string   `json:"question"`
		Values   []string `json:"values,omitempty"`
		Note     string   `json:"note,omitempty"`
	}
	b, err := jsoncodec.Marshal([]answer{{Question: "impact4", Values: []string{"item1-2"}}, {Question: "A&B <2>"}})
	fmt.Println(string(b), err)
	// Output: [{"question":"impact4","values":["item1-2"]},{"question":"A\u0026B \u003c2\u003e"}] <nil>
}

func ExampleUnmarshal() {
	var doc struct {
		Version string         `json:"version"`
		Data    map[string]any `json:"data"`
	}
	err := jsoncodec.Unmarshal([]byte(`{"version": "v1.0.1", "data": {"impact4": ["item1-2"], "page": 3}}`), &doc)
	fmt.Println(doc.Version, doc.Data["impact4"], doc.Data["page"], err)
	err = jsoncodec.Unmarshal([]byte(`{"version": 1}`), &doc)
	fmt.Println(err)
	// Output:
	// v1.0.1 [item1-2] 3 <nil>
	// json: cannot unmarshal number 1 into Go struct field version of type string
}
