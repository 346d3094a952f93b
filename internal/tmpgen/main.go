package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/questionnaire"
)

type profile struct {
	file, version, phase string
	raw, mit             float64
	texts                map[string]string
}

func main() {
	for _, p := range profiles {
		q, err := questionnaire.Version(p.version)
		if err != nil {
			panic(err)
		}
		a := aia.New(q)
		for id, t := range p.texts {
			if err := a.Set(id, t); err != nil {
				panic(err)
			}
		}
		if err := a.Set("projectDetailsPhase", p.phase); err != nil {
			panic(err)
		}
		for _, x := range q.Questions() {
			if !x.Scored() {
				continue
			}
			t := p.raw
			if x.Kind == questionnaire.Mitigation {
				t = p.mit
			}
			target := int(math.Round(t * float64(x.Max())))
			if x.Type == questionnaire.Multiple {
				var vals []string
				sum := 0
				for _, c := range x.Choices {
					if c.Weight > 0 && sum+c.Weight <= target {
						vals = append(vals, c.Value)
						sum += c.Weight
					}
				}
				if len(vals) == 0 {
					for _, c := range x.Choices {
						if c.Weight == 0 {
							vals = append(vals, c.Value)
							break
						}
					}
				}
				a.Set(x.ID, vals...)
				continue
			}
			best, bestD := "", 1<<30
			for _, c := range x.Choices {
				d := c.Weight - target
				if d < 0 {
					d = -d
				}
				if d < bestD {
					best, bestD = c.Value, d
				}
			}
			a.Set(x.ID, best)
		}
		for {
			vis := q.Visibility(a.Answers, nil)
			changed := false
			for _, x := range q.Questions() {
				if !vis[x.Index()] && a.Answers[x.Index()].Set {
					a.Clear(x.ID)
					changed = true
				}
			}
			if !changed {
				break
			}
		}
		r := aia.Score(a)
		fmt.Printf("%s: raw %d mit %d current %d level %s warnings %d\n", p.file, r.Raw, r.Mitigation, r.Current, r.Level, len(r.Warnings))
		f := a.File()
		f.CurrentPage = 17
		b, _ := json.MarshalIndent(f, "", "  ")
		os.WriteFile("examples/assessments/"+p.file, append(b, '\n'), 0o644)
	}
}
