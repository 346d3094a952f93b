package main

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/internal/localize"
	"github.com/gc-aia/aia/internal/record"
	"github.com/gc-aia/aia/questionnaire"
)

// format encodes scored assessments for one output format. record runs in the workers,
// in parallel, so that encoding is not a serial bottleneck; the bytes are written in
// input order.
type format interface {
	// header is written once, before the first record.
	header() []byte
	// record encodes one assessment, or the error that stopped it (rep is then nil).
	record(source string, rep *aia.Report, err error) ([]byte, error)
	// footer is written after the last record.
	footer(s *summary) ([]byte, error)
}

func newFormat(name string, lang questionnaire.Lang, summaryOnly, texts bool, k known) (format, error) {
	if summaryOnly {
		return &summaryFormat{json: name == "jsonl", lang: lang}, nil
	}
	switch name {
	case "text":
		return textFormat{lang: lang, known: k}, nil
	case "jsonl":
		return &jsonlFormat{record.NewEncoder(lang, texts)}, nil
	case "csv":
		return newCSVFormat(k.extra()), nil
	}
	return nil, fmt.Errorf("%w: --format must be text, jsonl or csv, not %q", errUsage, name)
}

type textFormat struct {
	lang  questionnaire.Lang
	known known // for section titles
}

func (textFormat) header() []byte { return nil }

func (f textFormat) record(source string, rep *aia.Report, err error) ([]byte, error) {
	var b strings.Builder
	if err != nil {
		fmt.Fprintf(&b, "%s\n  %s%s%s\n\n", clean(source), label(f.lang, "error"), label(f.lang, "colon"), clean(localize.Error(err, f.lang)))
	} else if werr := writeText(&b, source, rep, f.lang, f.known.lookup(rep.Questionnaire)); werr != nil {
		return nil, werr
	}
	return []byte(b.String()), nil
}

func (textFormat) footer(*summary) ([]byte, error) { return nil, nil }

// jsonlFormat writes one JSON object per line (see package record).
type jsonlFormat struct{ enc *record.Encoder }

func (f *jsonlFormat) header() []byte { return nil }

func (f *jsonlFormat) record(source string, rep *aia.Report, err error) ([]byte, error) {
	if err != nil {
		return f.enc.AppendError(getBuffer(), source, err), nil
	}
	return f.enc.Append(getBuffer(), source, rep), nil
}

// recordBuffers holds buffers done with (input lines scored, records written), to read
// and encode others into: a batch then allocates little per input.
var recordBuffers sync.Pool

func getBuffer() []byte {
	if b, ok := recordBuffers.Get().(*[]byte); ok {
		return (*b)[:0]
	}
	return make([]byte, 0, 4<<10)
}

// putBuffer gives back a buffer nothing refers to any more; a rare large one is left to
// the garbage collector.
func putBuffer(b []byte) {
	if cap(b) <= 64<<10 {
		recordBuffers.Put(&b)
	}
}

func (f *jsonlFormat) footer(*summary) ([]byte, error) { return nil, nil }

// csvFormat writes one RFC 4180 row per assessment. Its section columns are the pages of
// every embedded version that hold scored questions, so that a batch of mixed versions
// shares one header; a section an assessment's version lacks is left empty.
type csvFormat struct {
	sections []string
}

func newCSVFormat(extra []*questionnaire.Questionnaire) *csvFormat {
	f := &csvFormat{}
	seen := map[string]bool{}
	// questionnaires read from files come first, so last in the loop below
	versions := append(slices.Clone(extra), questionnaire.Versions()...)
	for i := len(versions) - 1; i >= 0; i-- { // current version's order first
		for _, p := range versions[i].Pages {
			for _, x := range p.Questions {
				if x.Scored() && !seen[p.ID] {
					seen[p.ID] = true
					f.sections = append(f.sections, p.ID)
				}
			}
		}
	}
	return f
}

func csvRow(cells []string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(cells) // writing to a bytes.Buffer cannot fail
	w.Flush()
	return b.Bytes()
}

func (f *csvFormat) header() []byte {
	header := []string{"source", "questionnaire", "level", "current", "raw", "mitigation", "deduction", "maxRaw", "maxMitigation"}
	for _, id := range f.sections {
		header = append(header, "section:"+id)
	}
	return csvRow(append(header, "warnings", "error"))
}

func (f *csvFormat) record(source string, r *aia.Report, err error) ([]byte, error) {
	// Written by hand into a pooled buffer, as encoding/csv writes it (csvRow, which the
	// tests compare with): a csv.Writer per row allocated more than the row.
	b := appendCSVField(getBuffer(), csvCell(source))
	if err != nil {
		for range 8 + len(f.sections) + 1 {
			b = append(b, ',')
		}
		b = append(b, ',')
		b = appendCSVField(b, csvCell(err.Error()))
		return append(b, '\n'), nil
	}
	b = append(b, ',')
	b = appendCSVField(b, csvCell(r.Questionnaire))
	for _, n := range [...]int{int(r.Level), r.Current, r.Raw, r.Mitigation} {
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(n), 10)
	}
	b = append(b, ',')
	b = strconv.AppendBool(b, r.Deduction)
	for _, n := range [...]int{r.MaxRaw, r.MaxMitigation} {
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(n), 10)
	}
	for _, id := range f.sections {
		b = append(b, ',')
		for _, sec := range r.Sections {
			if sec.ID == id {
				b = strconv.AppendInt(b, int64(sec.Score), 10)
				break
			}
		}
	}
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(len(r.Warnings)), 10)
	return append(b, ",\n"...), nil
}

// appendCSVField appends one field as encoding/csv's Writer writes it (comma, LF line
// ends): quoted when it holds a quote, a line end or a comma, is \. or begins with a
// space, with its quotes doubled.
func appendCSVField(b []byte, field string) []byte {
	if !csvNeedsQuotes(field) {
		return append(b, field...)
	}
	b = append(b, '"')
	for {
		i := strings.IndexByte(field, '"')
		if i < 0 {
			break
		}
		b = append(b, field[:i+1]...)
		b = append(b, '"')
		field = field[i+1:]
	}
	b = append(b, field...)
	return append(b, '"')
}

func csvNeedsQuotes(field string) bool {
	if field == "" {
		return false
	}
	if field == `\.` || strings.ContainsAny(field, "\n\r\",") {
		return true
	}
	r, _ := utf8.DecodeRuneInString(field)
	return unicode.IsSpace(r)
}

func (f *csvFormat) footer(*summary) ([]byte, error) { return nil, nil }

// summary gathers counts over a run, in memory that does not grow with the number of
// inputs (failures beyond maxListed are only counted).
type summary struct {
	Inputs       int            `json:"inputs"`
	Scored       int            `json:"scored"`
	Failed       int            `json:"failed"`
	WithWarnings int            `json:"withWarnings"`
	Bytes        int64          `json:"bytes"`
	Seconds      float64        `json:"seconds"`
	ByLevel      map[string]int `json:"byLevel"`
	ByVersion    map[string]int `json:"byQuestionnaire"`
	Failures     []failure      `json:"failures"`
	Slowest      []inputStat    `json:"slowest"`
	Largest      []inputStat    `json:"largest"`
	Interrupted  bool           `json:"interrupted,omitempty"`
	start        time.Time
	lang         questionnaire.Lang // of the failures' messages
}

type failure struct {
	Source string `json:"source"`
	Error  string `json:"error"`
}

type inputStat struct {
	Source string  `json:"source"`
	Bytes  int     `json:"bytes"`
	Millis float64 `json:"ms"`
}

const maxListed = 100

func newSummary(lang questionnaire.Lang) *summary {
	return &summary{ByLevel: map[string]int{}, ByVersion: map[string]int{}, Failures: []failure{}, start: time.Now(), lang: lang}
}

func (s *summary) add(source string, size int, d time.Duration, rep *aia.Report, err error) {
	s.Inputs++
	s.Bytes += int64(size)
	st := inputStat{Source: source, Bytes: size, Millis: float64(d.Microseconds()) / 1000}
	s.Slowest = keepTop(s.Slowest, st, func(a, b inputStat) bool { return a.Millis > b.Millis })
	s.Largest = keepTop(s.Largest, st, func(a, b inputStat) bool { return a.Bytes > b.Bytes })
	if err != nil {
		s.Failed++
		if len(s.Failures) < maxListed {
			s.Failures = append(s.Failures, failure{source, localize.Error(err, s.lang)})
		}
		return
	}
	s.Scored++
	s.ByLevel[rep.Level.String()]++
	s.ByVersion[rep.Questionnaire]++
	if len(rep.Warnings) > 0 {
		s.WithWarnings++
	}
}

// keepTop keeps the five greatest items by less.
func keepTop(list []inputStat, it inputStat, greater func(a, b inputStat) bool) []inputStat {
	const n = 5
	list = append(list, it)
	sort.SliceStable(list, func(i, j int) bool { return greater(list[i], list[j]) })
	if len(list) > n {
		list = list[:n]
	}
	return list
}

// summaryFormat writes only the summary of the run.
type summaryFormat struct {
	json bool
	lang questionnaire.Lang
}

func (*summaryFormat) header() []byte { return nil }

func (*summaryFormat) record(string, *aia.Report, error) ([]byte, error) { return nil, nil }

func (f *summaryFormat) footer(sum *summary) ([]byte, error) {
	if f.json {
		b, err := json.Marshal(sum)
		return append(b, '\n'), err
	}
	l := func(key string) string { return label(f.lang, key) }
	var b strings.Builder
	rate := 0.0
	if sum.Seconds > 0 {
		rate = float64(sum.Inputs) / sum.Seconds
	}
	fmt.Fprintf(&b, l("sumInputs")+"\n", sum.Inputs, humanBytes(sum.Bytes, f.lang), decimal(sum.Seconds, 2, f.lang), rate)
	fmt.Fprintf(&b, l("sumCounts")+"\n", sum.Scored, sum.Failed, sum.WithWarnings)
	if sum.Interrupted {
		b.WriteString(l("sumInterrupted") + "\n")
	}
	b.WriteString("\n" + l("sumByLevel") + "\n")
	for _, lv := range []string{"I", "II", "III", "IV"} {
		fmt.Fprintf(&b, "  %-4s %d\n", lv, sum.ByLevel[lv])
	}
	b.WriteString("\n" + l("sumByVersion") + "\n")
	for _, v := range sortedKeys(sum.ByVersion) {
		fmt.Fprintf(&b, "  %-8s %d\n", clean(v), sum.ByVersion[v])
	}
	if len(sum.Failures) > 0 {
		b.WriteString("\n" + l("sumFailures") + "\n")
		for _, fl := range sum.Failures {
			fmt.Fprintf(&b, "  %s%s%s\n", clean(fl.Source), l("colon"), clean(fl.Error))
		}
		if sum.Failed > len(sum.Failures) {
			fmt.Fprintf(&b, "  "+l("sumMore")+"\n", sum.Failed-len(sum.Failures))
		}
	}
	b.WriteString("\n" + l("sumSlowest") + "\n")
	for _, st := range sum.Slowest {
		fmt.Fprintf(&b, "  %8s ms  %s\n", decimal(st.Millis, 3, f.lang), clean(st.Source))
	}
	b.WriteString("\n" + l("sumLargest") + "\n")
	for _, st := range sum.Largest {
		fmt.Fprintf(&b, "  %9s  %s\n", humanBytes(int64(st.Bytes), f.lang), clean(st.Source))
	}
	return []byte(b.String()), nil
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// decimal writes x with prec decimals, with a decimal comma in French.
func decimal(x float64, prec int, lang questionnaire.Lang) string {
	s := strconv.FormatFloat(x, 'f', prec, 64)
	if lang == questionnaire.French {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// humanBytes writes a size as people read it: in French, with a decimal comma and the
// units Mio, Kio and o.
func humanBytes(n int64, lang questionnaire.Lang) string {
	var s string
	switch {
	case n >= 1<<20:
		s = fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		s = fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	default:
		s = fmt.Sprintf("%d B", n)
	}
	if lang == questionnaire.French {
		s = strings.NewReplacer(".", ",", " MiB", "\u00a0Mio", " KiB", "\u00a0Kio", " B", "\u00a0o").Replace(s)
	}
	return s
}
