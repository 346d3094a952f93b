// Package futurerelease builds, for tests, a synthetic "future release" of the official
// questionnaire from the official v1.0.1 SurveyJS file: every kind of change a release
// brings, with expectations computed by hand. No copy of the official file is kept: the
// release is derived from it at test time (see internal/reference).
//
// The changes, from v1.0.1 (max raw 167, max mitigation 154):
//
//   - riskProfile1 is re-weighted: its choice "item1-3" becomes "item1-4" (max 3 → 4);
//   - impact30 (raw, max 4) is removed;
//   - riskProfileFuture, a new raw question (max 2), is shown when
//     {riskProfile1} = 'item1-4';
//   - a new scored page, futureOversight, holds a raw checkbox futureData-RS (max
//     1 + 2 + 0 = 3), a mitigation question futureReview-MS (max 100) shown when
//     {futureData-RS} anyof ['item1-1', 'item2-2'], and a mitigation checkbox
//     futureLog-MS (max 2 + 1 = 3) shown when {futureReview-MS} = 'item1-100'.
//
// So max raw = 167 + 1 − 4 + 2 + 3 = 169, and max mitigation = 154 + 100 + 3 = 257,
// whose deduction threshold, 80 % of half of it, is 0.4 × 257 = 102.8: a mitigation score
// of 102 misses it, 103 reaches it (aia.MitigationThreshold(257) = 103).
//
// The new question's title carries hostile HTML beside allowed HTML, to check that
// reports keep the allow-list only.
package futurerelease

import (
	"encoding/json"
	"fmt"
)

// Version is the version name the synthetic release is imported under.
const Version = "v1.1.0-test"

// Maxima of the release (see the package documentation for the arithmetic).
const (
	MaxRaw        = 167 + 1 - 4 + 2 + 3 // 169
	MaxMitigation = 154 + 100 + 3       // 257
	Threshold     = 103                 // ⌈0.4 × 257⌉ = ⌈102.8⌉
)

// ReviewTitle is the English title of futureReview-MS: allowed markup beside a script,
// an image with an onerror handler and a javascript: link.
const ReviewTitle = `Is a <strong>human review</strong> planned? <script>alert(1)</script><img src=x onerror=alert(2)> <a href="javascript:alert(3)">details</a> <a href="https://example.org/review" onclick="alert(4)">guide</a>`

// Build returns the synthetic release in the SurveyJS format, from the official v1.0.1
// survey-enfr.json.
func Build(official []byte) ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(official, &doc); err != nil {
		return nil, err
	}
	pages, _ := doc["pages"].([]any)
	var found struct{ reweighted, removed, added bool }
	var out []any
	for _, p := range pages {
		page := p.(map[string]any)
		walk(page, func(panel map[string]any) {
			elements, _ := panel["elements"].([]any)
			var kept []any
			for _, e := range elements {
				el := e.(map[string]any)
				switch el["name"] {
				case "impact30":
					found.removed = true
					continue // removed
				case "riskProfile1":
					for _, c := range el["choices"].([]any) {
						if c := c.(map[string]any); c["value"] == "item1-3" {
							c["value"] = "item1-4" // re-weighted: 3 → 4
							found.reweighted = true
						}
					}
					kept = append(kept, el, map[string]any{
						"type": "radiogroup", "name": "riskProfileFuture",
						"title":     map[string]any{"default": "Will the system be used <em>outside</em> Canada?", "fr": "Le système servira-t-il <em>hors</em> du Canada ?"},
						"visibleIf": "{riskProfile1} = 'item1-4'",
						"choices": []any{
							map[string]any{"value": "item1-0", "text": map[string]any{"default": "No", "fr": "Non"}},
							map[string]any{"value": "item2-2", "text": map[string]any{"default": "Yes", "fr": "Oui"}},
						},
					})
					found.added = true
					continue
				}
				kept = append(kept, el)
			}
			panel["elements"] = kept
		})
		out = append(out, page)
		if page["name"] == "aboutData" {
			out = append(out, newPage())
		}
	}
	if !found.reweighted || !found.removed || !found.added || len(out) != len(pages)+1 {
		return nil, fmt.Errorf("futurerelease: the official file does not have the expected v1.0.1 structure (%+v)", found)
	}
	doc["pages"] = out
	return json.MarshalIndent(doc, "", "  ")
}

// walk calls f for the page and every panel in it.
func walk(container map[string]any, f func(map[string]any)) {
	f(container)
	elements, _ := container["elements"].([]any)
	for _, e := range elements {
		if el, ok := e.(map[string]any); ok && el["type"] == "panel" {
			walk(el, f)
		}
	}
}

func newPage() map[string]any {
	text := func(en, fr string) map[string]any { return map[string]any{"default": en, "fr": fr} }
	choice := func(value, en, fr string) map[string]any { return map[string]any{"value": value, "text": text(en, fr)} }
	return map[string]any{
		"name":  "futureOversight",
		"title": text("Oversight <em>after</em> deployment", "Surveillance <em>après</em> le déploiement"),
		"elements": []any{map[string]any{
			"type": "panel", "name": "futureOversightPanel",
			"elements": []any{
				map[string]any{
					"type": "checkbox", "name": "futureData-RS",
					"title": text("Which kinds of data will the system keep?", "Quels types de données le système conservera-t-il ?"),
					"choices": []any{
						choice("item1-1", "Logs", "Journaux"),
						choice("item2-2", "Personal information", "Renseignements personnels"),
						choice("item3-0", "None", "Aucun"),
					},
				},
				map[string]any{
					"type": "radiogroup", "name": "futureReview-MS",
					"title":     text(ReviewTitle, "Un <strong>examen humain</strong> est-il prévu ?"),
					"visibleIf": "{futureData-RS} anyof ['item1-1', 'item2-2']",
					"choices":   []any{choice("item1-100", "Yes", "Oui"), choice("item2-0", "No", "Non")},
				},
				map[string]any{
					"type": "checkbox", "name": "futureLog-MS",
					"title":     text("Which records of the reviews will be kept?", "Quelles traces des examens seront conservées ?"),
					"visibleIf": "{futureReview-MS} = 'item1-100'",
					"choices":   []any{choice("item1-2", "Decisions", "Décisions"), choice("item2-1", "Reviewers", "Examinateurs")},
				},
			},
		}},
	}
}

// Case is a saved file of the release with its hand-computed score.
type Case struct {
	Name       string
	File       string // the saved file
	Raw        int
	Mitigation int
	Current    int
	Level      int
	Deduction  bool
	Warnings   int // answers that do not count (hidden, or to a removed question)
	// Oversight is the new page's section: scored questions answered and shown, and
	// their points (of a maximum of 3 + 100 + 3 = 106).
	Oversight [2]int
}

// OversightMax is the new page's maximum: futureData-RS 3 + futureReview-MS 100 +
// futureLog-MS 3.
const OversightMax = 106

// Cases are saved files of the release, each with its score worked out by hand.
var Cases = []Case{
	{
		// raw: riskProfile1 item1-4 (4) + riskProfileFuture item2-2 (2, shown since
		// riskProfile1 = item1-4) + futureData-RS item1-1 + item2-2 (1 + 2) + riskProfile2
		// item1-3 (3) + projectAuthority1 item1-2 (2) = 14;
		// mitigation: futureReview-MS item1-100 (100) + futureLog-MS item1-2 + item2-1
		// (2 + 1) = 103 ≥ 102.8: deduction; current = 0.85 × 14 = 11.9 → 12;
		// level I: 12 ≤ 169 / 4 = 42.25.
		Name: "threshold-reached.json",
		File: `{"version": "` + Version + `", "data": {"projectDetailsPhase": "item2",
		  "riskProfile1": "item1-4", "riskProfileFuture": "item2-2", "riskProfile2": "item1-3", "projectAuthority1": "item1-2",
		  "futureData-RS": ["item1-1", "item2-2"], "futureReview-MS": "item1-100", "futureLog-MS": ["item1-2", "item2-1"]}}`,
		Raw: 14, Mitigation: 103, Current: 12, Level: 1, Deduction: true, Oversight: [2]int{3, 3 + 100 + 3},
	},
	{
		// The same without the reviewers' log: mitigation 100 + 2 = 102 < 102.8, no
		// deduction: current = raw = 14.
		Name: "threshold-missed.json",
		File: `{"version": "` + Version + `", "data": {"projectDetailsPhase": "item2",
		  "riskProfile1": "item1-4", "riskProfileFuture": "item2-2", "riskProfile2": "item1-3", "projectAuthority1": "item1-2",
		  "futureData-RS": ["item1-1", "item2-2"], "futureReview-MS": "item1-100", "futureLog-MS": ["item1-2"]}}`,
		Raw: 14, Mitigation: 102, Current: 14, Level: 1, Deduction: false, Oversight: [2]int{3, 3 + 100 + 2},
	},
	{
		// riskProfile1 item2-0 (0) hides riskProfileFuture, whose answer does not count;
		// futureData-RS item3-0 (0) fails the anyof, hiding futureReview-MS (its 100 do
		// not count), which in turn hides futureLog-MS (its 2 do not count); impact30 was
		// removed, so its answer is to an unknown question. Only riskProfile2 item1-3
		// counts: raw 3, mitigation 0, current 3, level I. Warnings: three hidden
		// answers and one unknown question = 4.
		Name: "hidden-and-removed.json",
		File: `{"version": "` + Version + `", "data": {"projectDetailsPhase": "item2",
		  "riskProfile1": "item2-0", "riskProfileFuture": "item2-2", "riskProfile2": "item1-3",
		  "futureData-RS": ["item3-0"], "futureReview-MS": "item1-100", "futureLog-MS": ["item1-2"], "impact30": "item1-4"}}`,
		Raw: 3, Mitigation: 0, Current: 3, Level: 1, Warnings: 4, Oversight: [2]int{1, 0},
	},
	{
		// raw: riskProfile1 4 + riskProfileFuture 2 + riskProfile2 3 + riskProfile7 3 +
		// projectAuthority1 2 + futureData-RS (1 + 2) = 17, plus eight questions of the
		// impact page at their heaviest choice, 4 each (impact3, impact6, impact7,
		// impact9, impact24, impact11, impact13, impact15) = 32: raw = 49.
		// mitigation: 100 + 2 + 1 = 103 ≥ 102.8: current = 0.85 × 49 = 41.65 → 42,
		// level I (4 × 42 = 168 ≤ 169) where the raw score alone is level II.
		Name: "deduction-lowers-level.json",
		File: `{"version": "` + Version + `", "data": {"projectDetailsPhase": "item2",
		  "riskProfile1": "item1-4", "riskProfileFuture": "item2-2", "riskProfile2": "item1-3", "riskProfile7": "item1-3",
		  "projectAuthority1": "item1-2", "futureData-RS": ["item1-1", "item2-2"],
		  "impact3": "item1-4", "impact6": "item4-4", "impact7": "item4-4", "impact9": "item4-4",
		  "impact24": "item4-4", "impact11": "item4-4", "impact13": "item4-4", "impact15": "item4-4",
		  "futureReview-MS": "item1-100", "futureLog-MS": ["item1-2", "item2-1"]}}`,
		Raw: 49, Mitigation: 103, Current: 42, Level: 1, Deduction: true, Oversight: [2]int{3, 106},
	},
	{
		// The same without "item2-1" of futureLog-MS: mitigation 102 < 102.8, no
		// deduction: current = raw = 49, level II (42.25 < 49 ≤ 84.5).
		Name: "deduction-missed.json",
		File: `{"version": "` + Version + `", "data": {"projectDetailsPhase": "item2",
		  "riskProfile1": "item1-4", "riskProfileFuture": "item2-2", "riskProfile2": "item1-3", "riskProfile7": "item1-3",
		  "projectAuthority1": "item1-2", "futureData-RS": ["item1-1", "item2-2"],
		  "impact3": "item1-4", "impact6": "item4-4", "impact7": "item4-4", "impact9": "item4-4",
		  "impact24": "item4-4", "impact11": "item4-4", "impact13": "item4-4", "impact15": "item4-4",
		  "futureReview-MS": "item1-100", "futureLog-MS": ["item1-2"]}}`,
		Raw: 49, Mitigation: 102, Current: 49, Level: 2, Oversight: [2]int{3, 105},
	},
}
