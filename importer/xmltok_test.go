package importer

// The tokenizer's tests in one file although past 600 lines: the differential comparisons with
// encoding/xml, the snippets and the fallback share the comparison helpers.

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/tkrajina/gpxgo/gpx"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/internal/corpus"
	"github.com/easyday/easyday/internal/demo"
)

// diffRawTokens reads data with the fast tokenizer and with encoding/xml's RawToken in
// lockstep. Every token the fast tokenizer gives must be the one encoding/xml gives; when it
// declines, the tokens before were identical and encoding/xml decides. accepted reports that
// the fast tokenizer read the whole document; err describes the first difference.
func diffRawTokens(data []byte) (accepted bool, err error) {
	fast := newXMLTokenizer(data)
	std := newStdXMLDecoder(bytes.NewReader(data))
	for i := 0; ; i++ {
		ft, ferr := fast.Token()
		if ferr != nil && ferr != io.EOF {
			if fast.Err() == nil {
				return false, fmt.Errorf("raw token %d: error %v but Err() is nil", i, ferr)
			}
			return false, nil
		}
		st, serr := std.RawToken()
		if ferr != serr || !reflect.DeepEqual(ft, st) {
			return false, fmt.Errorf("raw token %d: fast gave %#v, %v; encoding/xml gave %#v, %v", i, ft, ferr, st, serr)
		}
		if ferr == io.EOF {
			return true, nil
		}
	}
}

// diffDecoderTokens is diffRawTokens one level up: xml.NewTokenDecoder over the fast
// tokenizer against xml.NewDecoder over the bytes, both with Token, which translates name
// spaces and checks that end tags match. When the fast tokenizer accepts the whole document,
// encoding/xml must accept it too, with the same tokens.
func diffDecoderTokens(data []byte) (accepted bool, err error) {
	fast := newXMLTokenizer(data)
	fd := xml.NewTokenDecoder(fast)
	sd := newStdXMLDecoder(bytes.NewReader(data))
	for i := 0; ; i++ {
		ft, ferr := fd.Token()
		if ferr != nil && fast.Err() != nil {
			return false, nil // declined: encoding/xml decides from here
		}
		st, serr := sd.Token()
		if ferr != nil && ferr != io.EOF {
			return false, fmt.Errorf("token %d: the decoder over the fast tokenizer failed with %v "+
				"(encoding/xml: %v) though the tokenizer did not decline", i, ferr, serr)
		}
		if ferr != serr || !reflect.DeepEqual(ft, st) {
			return false, fmt.Errorf("token %d: fast gave %#v, %v; encoding/xml gave %#v, %v", i, ft, ferr, st, serr)
		}
		if ferr == io.EOF {
			return true, nil
		}
	}
}

// checkTokens runs both comparisons on data and reports whether the fast tokenizer accepted it.
func checkTokens(t testing.TB, data []byte) bool {
	t.Helper()
	rawOK, err := diffRawTokens(data)
	if err != nil {
		t.Fatal(err)
	}
	decOK, err := diffDecoderTokens(data)
	if err != nil {
		t.Fatal(err)
	}
	if rawOK != decOK {
		t.Fatalf("accepted by RawToken comparison: %v, by Token comparison: %v", rawOK, decOK)
	}
	return rawOK
}

// xmlDoc is a document to compare, named for the test's output.
type xmlDoc struct {
	name string
	data []byte
}

// readXMLDocs reads every .gpx and .tcx file under dir (gunzipping .gz), or every file at all.
func readXMLDocs(t *testing.T, dir string, all bool) []xmlDoc {
	t.Helper()
	var docs []xmlDoc
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		name := strings.TrimSuffix(e.Name(), ".gz")
		if all || strings.HasSuffix(name, ".gpx") || strings.HasSuffix(name, ".tcx") {
			rel, _ := filepath.Rel(dir, path)
			docs = append(docs, xmlDoc{rel, readSharedCorpusFile(t, path)})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

// docSets are the documents the differential tests read: the shared corpus (skipped with a
// message when absent), the project's fixtures, a demo season written as GPX and TCX (every
// activity in both formats), and, when EASYDAY_XMLTOK_DIR names folders (say, the output of
// `easyday demo --weeks 520`), every GPX and TCX file in them.
func docSets(t *testing.T) map[string]func(t *testing.T) []xmlDoc {
	return map[string]func(t *testing.T) []xmlDoc{
		"corpus":   func(t *testing.T) []xmlDoc { return readXMLDocs(t, corpus.Dir(t), false) },
		"testdata": func(t *testing.T) []xmlDoc { return readXMLDocs(t, "../testdata", true) },
		"demo": func(t *testing.T) []xmlDoc {
			var docs []xmlDoc
			for _, p := range demo.Season(demo.Options{Weeks: 3, Seed: 11}) {
				var g, x bytes.Buffer
				if err := demo.WriteGPX(&g, &p.Activity); err != nil {
					t.Fatal(err)
				}
				if err := demo.WriteTCX(&x, &p.Activity); err != nil {
					t.Fatal(err)
				}
				name := strings.TrimSuffix(p.Files[0].Name, filepath.Ext(p.Files[0].Name))
				docs = append(docs, xmlDoc{name + ".gpx", g.Bytes()}, xmlDoc{name + ".tcx", x.Bytes()})
			}
			return docs
		},
		"EASYDAY_XMLTOK_DIR": func(t *testing.T) []xmlDoc {
			dirs := os.Getenv("EASYDAY_XMLTOK_DIR")
			if dirs == "" {
				t.Skip("EASYDAY_XMLTOK_DIR is not set: set it to folders of generated files " +
					"(easyday demo DIR) to compare them too")
			}
			var docs []xmlDoc
			for _, d := range filepath.SplitList(dirs) {
				docs = append(docs, readXMLDocs(t, d, false)...)
			}
			return docs
		},
	}
}

// raceSampleBytes and raceSampleLarge: under the race detector, the differential tests compare
// the documents up to raceSampleBytes and raceSampleLarge of the larger ones, per set.
const (
	raceSampleBytes = 256 << 10
	raceSampleLarge = 2
)

// differential returns the documents a differential test compares: all of them, or under the
// race detector a sample (raceSampleBytes); the full pass runs without -race in make test.
func differential(t *testing.T, docs []xmlDoc) []xmlDoc {
	t.Helper()
	if !raceDetector {
		return docs
	}
	var out []xmlDoc
	large := 0
	for _, d := range docs {
		if len(d.data) > raceSampleBytes {
			if large++; large > raceSampleLarge {
				continue
			}
		}
		out = append(out, d)
	}
	t.Logf("race detector: comparing %d of %d documents (all up to %d KiB, %d larger); "+
		"the full pass runs without -race", len(out), len(docs), raceSampleBytes>>10, raceSampleLarge)
	return out
}

// TestXMLTokensMatchEncodingXML: over every document at hand, the fast tokenizer gives
// encoding/xml's tokens, raw and through a Decoder, up to the end or up to where it declines.
func TestXMLTokensMatchEncodingXML(t *testing.T) {
	for set, load := range docSets(t) {
		t.Run(set, func(t *testing.T) {
			docs := differential(t, load(t))
			accepted := 0
			for _, doc := range docs {
				t.Run(doc.name, func(t *testing.T) {
					if checkTokens(t, doc.data) {
						accepted++
					}
				})
			}
			t.Logf("%d documents compared, %d read whole by the fast tokenizer", len(docs), accepted)
		})
	}
}

// TestXMLTokensFixturesAccepted: the project's own GPX and TCX files are read by the fast
// tokenizer, so the comparisons above and below exercise it rather than the fallback.
func TestXMLTokensFixturesAccepted(t *testing.T) {
	for _, doc := range readXMLDocs(t, "../testdata", false) {
		t.Run(doc.name, func(t *testing.T) {
			if !checkTokens(t, doc.data) {
				_, err := readAllTokens(newXMLTokenizer(doc.data))
				t.Fatalf("declined: %v; want the fast path", err)
			}
		})
	}
}

// readAllTokens reads every token of r until an error, io.EOF included.
func readAllTokens(r xml.TokenReader) ([]xml.Token, error) {
	var toks []xml.Token
	for {
		tok, err := r.Token()
		if err != nil {
			return toks, err
		}
		toks = append(toks, tok)
	}
}

// TestXMLTokensSnippets: what the fast tokenizer reads and what it leaves to encoding/xml.
func TestXMLTokensSnippets(t *testing.T) {
	tests := []struct {
		name   string
		doc    string
		accept bool
	}{
		{"empty", ``, true},
		{"only text", `hello`, true},
		{"declaration", `<?xml version="1.0" encoding="UTF-8"?><a/>`, true},
		{"declaration lower case, single quotes", `<?xml version='1.0' encoding='utf-8' standalone='yes'?><a/>`, true},
		{"declaration without encoding", "<?xml version=\"1.0\"?>\n<a/>", true},
		{"declaration mixed-case utf-8", `<?xml version="1.0" encoding="Utf-8"?><a/>`, true},
		{"ISO-8859-1", `<?xml version="1.0" encoding="ISO-8859-1"?><a>caf` + "\xe9" + `</a>`, false},
		{"UTF-16 label", `<?xml version="1.0" encoding="UTF-16"?><a/>`, false},
		{"version 1.1", `<?xml version="1.1"?><a/>`, false},
		{"byte order mark", "\ufeff<?xml version=\"1.0\"?><a/>", true},
		{"space before declaration", " \n<?xml version=\"1.0\"?><a/>", true},
		{"processing instructions", `<?xml-stylesheet href="s.xsl"?><a><?pi?><?t  data ?x?></a>`, true},
		{"attributes", `<a x="1" y='2' z = "3" ns:w="4" xmlns="u" xmlns:ns="v"/>`, true},
		{"attributes without space between", `<a x="1"y="2"/>`, true},
		{"quotes inside values", `<a x="it's" y='say "hi"'>"'</a>`, true},
		{"prefixed names", `<p:a xmlns:p="urn:p"><p:b p:c="1"/></p:a>`, true},
		{"colon at the edge of a name", `<:a b:="1"></:a>`, true},
		{"undeclared prefix", `<p:a><q:b/></p:a>`, true},
		{"entities", `<a t="&lt;&gt;&amp;&apos;&quot;">&lt;&gt;&amp;&apos;&quot;</a>`, true},
		{"character references", `<a v="&#65;&#x42;&#x00063;">&#xe9;&#233;&#x1F600;&#9;&#xD;</a>`, true},
		{"surrogate reference becomes U+FFFD", `<a>&#xD800;</a>`, true},
		{"non-ASCII text", `<a n="Zürich">Ω ü 😀</a>`, true},
		{"CR LF in text and values", "<a\r\nx=\"1\r\n2\r3\">l1\r\nl2\rl3\r\r\n</a>\r\n", true},
		{"CR before an entity", "<a>\r&amp;\n\r&#10;</a>", true},
		{"tab and newline in values kept", "<a x=\"a\tb\nc\"/>", true},
		{"comments", `<!-- top --><a><!----><!-- a - b --></a>`, true},
		{"comment bytes unchecked", "<a><!-- \x01\xff --></a>", true},
		{"CDATA", "<a><![CDATA[<b>&amp;]]]]><![CDATA[]]><![CDATA[x\r\ny]]></a>", true},
		{"]]> in a value", `<a x="]]>"/>`, true},
		{"self-closing with space", `<a ><b /></a >`, true},
		{"text after the root", "<a/>\n tail", true},
		{"two roots", `<a/><b/>`, true},
		{"deep", strings.Repeat("<e>", 300) + strings.Repeat("</e>", 300), true},

		{"DOCTYPE", `<!DOCTYPE a><a/>`, false},
		{"ENTITY", `<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>`, false},
		{"unknown entity", `<a>&nbsp;</a>`, false},
		{"entity without semicolon", `<a>&amp</a>`, false},
		{"upper-case X reference", `<a>&#X41;</a>`, false},
		{"empty reference", `<a>&#;</a>`, false},
		{"reference to NUL", `<a>&#0;</a>`, false},
		{"reference past Unicode", `<a>&#x110000;</a>`, false},
		{"huge reference", `<a>&#99999999999999999999;</a>`, false},
		{"reference to U+FFFE", `<a>&#xFFFE;</a>`, false},
		{"control character", "<a>\x01</a>", false},
		{"control character in a value", "<a x=\"\x01\"/>", false},
		{"invalid UTF-8", "<a>\xff</a>", false},
		{"invalid UTF-8 in a value", "<a x=\"\xc3\"/>", false},
		{"U+FFFF", "<a>\uffff</a>", false},
		{"]]> in text", `<a>]]></a>`, false},
		{"< in a value", `<a x="<"/>`, false},
		{"unquoted value", `<a x=1/>`, false},
		{"attribute without value", `<a x/>`, false},
		{"non-ASCII element name", `<é/>`, false},
		{"non-ASCII attribute name", `<a é="1"/>`, false},
		{"two colons", `<a:b:c/>`, false},
		{"digit first", `<1a/>`, false},
		{"mismatched end tag", `<a></b>`, false},
		{"end tag with other prefix", `<p:a></q:a>`, false},
		{"unexpected end tag", `</a>`, false},
		{"unclosed element", `<a><b></b>`, false},
		{"truncated tag", `<a x="1"`, false},
		{"truncated value", `<a x="1`, false},
		{"lone <", `<`, false},
		{"/ without >", `<a/ >`, false},
		{"comment with --", `<!-- a -- b -->`, false},
		{"unterminated comment", `<!-- a`, false},
		{"unterminated CDATA", `<a><![CDATA[x</a>`, false},
		{"unterminated PI", `<?pi x`, false},
		{"PI without target", `<? x?>`, false},
		{"<!- not a comment", `<!-x-->`, false},
		{"<![ not CDATA", `<a><![DATA[x]]></a>`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := checkTokens(t, []byte(tt.doc)); got != tt.accept {
				_, err := readAllTokens(newXMLTokenizer([]byte(tt.doc)))
				t.Fatalf("accepted = %v (%v), want %v", got, err, tt.accept)
			}
		})
	}
}

// TestXMLTokenDataStaysValid: token data stays as it was after later tokens are read, and
// changing it changes neither the input nor other tokens. encoding/xml promises less (its
// data is valid until the next call), so consumers written for it are safe here.
func TestXMLTokenDataStaysValid(t *testing.T) {
	doc := []byte("<?pi one?><a x=\"1\">text &amp; more<!--c--><b>two</b><![CDATA[three]]>\r\n</a>")
	orig := bytes.Clone(doc)
	toks, err := readAllTokens(newXMLTokenizer(doc))
	if err != io.EOF {
		t.Fatalf("read: %v", err)
	}
	var want []xml.Token
	std := newStdXMLDecoder(bytes.NewReader(doc))
	for {
		tok, err := std.RawToken()
		if err != nil {
			break
		}
		want = append(want, xml.CopyToken(tok))
	}
	if !reflect.DeepEqual(toks, want) {
		t.Fatalf("kept tokens %#v, want %#v", toks, want)
	}
	for _, tok := range toks {
		switch tok := tok.(type) {
		case xml.CharData:
			_ = append(tok, "!!!!!!!!"...) // must not reach the bytes of the next token
			for i := range tok {
				tok[i] = '#'
			}
		case xml.Comment:
			for i := range tok {
				tok[i] = '#'
			}
		}
	}
	if !bytes.Equal(doc, orig) {
		t.Fatalf("changing the tokens changed the input: %q", doc)
	}
	if got := toks[0].(xml.ProcInst).Inst; string(got) != "one" {
		t.Fatalf("the instruction now reads %q, want %q", got, "one")
	}
	if got := toks[len(toks)-3].(xml.CharData); string(got) != "#####" {
		t.Fatalf("CDATA now reads %q, want its own five # only", got)
	}
}

// sameTime compares times by instant, zone name and offset, stricter than time.Time.Equal.
func sameTime(a, b time.Time) bool {
	an, ao := a.Zone()
	bn, bo := b.Zone()
	return a.Equal(b) && an == bn && ao == bo
}

// cmpResult explains a difference between the results of decoding with and without the fast
// path, in the terms of equalResult.
var cmpResult = []cmp.Option{cmpopts.EquateNaNs(), cmp.Comparer(sameTime),
	cmp.Exporter(func(reflect.Type) bool { return true }),
	cmpopts.IgnoreFields(gpx.NamespaceAttribute{}, "replacement")}

// equalResult is reflect.DeepEqual with NaN equal to NaN, times compared with sameTime (two
// parses of "+02:00" give two *time.Location), and gpxgo's random name space "replacement"
// ignored. Unexported fields count; nil and empty slices differ. It is cmp.Equal(cmpResult...)
// at a fraction of the cost: the activities hold hundreds of thousands of values.
func equalResult(x, y reflect.Value) bool {
	if x.IsValid() != y.IsValid() || x.IsValid() && x.Type() != y.Type() {
		return false
	}
	if !x.IsValid() {
		return true
	}
	switch x.Kind() {
	case reflect.Float32, reflect.Float64:
		a, b := x.Float(), y.Float()
		return a == b || a != a && b != b
	case reflect.Bool:
		return x.Bool() == y.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return x.Int() == y.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return x.Uint() == y.Uint()
	case reflect.String:
		return x.String() == y.String()
	case reflect.Pointer, reflect.Interface:
		if x.IsNil() || y.IsNil() {
			return x.IsNil() == y.IsNil()
		}
		return equalResult(x.Elem(), y.Elem())
	case reflect.Slice:
		if x.IsNil() != y.IsNil() {
			return false
		}
		fallthrough
	case reflect.Array:
		if x.Len() != y.Len() {
			return false
		}
		for i := range x.Len() {
			if !equalResult(x.Index(i), y.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Map:
		if x.IsNil() != y.IsNil() || x.Len() != y.Len() {
			return false
		}
		for _, k := range x.MapKeys() {
			if !equalResult(x.MapIndex(k), y.MapIndex(k)) {
				return false
			}
		}
		return true
	case reflect.Struct:
		if x.Type() == reflect.TypeFor[time.Time]() {
			return x.CanInterface() && sameTime(x.Interface().(time.Time), y.Interface().(time.Time))
		}
		for i := range x.NumField() {
			if x.Type() == reflect.TypeFor[gpx.NamespaceAttribute]() && x.Type().Field(i).Name == "replacement" {
				continue
			}
			if !equalResult(x.Field(i), y.Field(i)) {
				return false
			}
		}
		return true
	}
	panic("equalResult: cannot compare " + x.Type().String())
}

// checkSame fails the test when want and got are not equalResult, showing the difference.
func checkSame(t *testing.T, what string, want, got any) {
	t.Helper()
	if !equalResult(reflect.ValueOf(want), reflect.ValueOf(got)) {
		t.Fatalf("%s differ (-fast +encoding/xml):\n%s", what, cmp.Diff(got, want, cmpResult...))
	}
}

// errText is an error's message, "" for nil.
func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// checkSameActivities decodes data as GPX or TCX through the routed decoders (fast path,
// then fallback) and through encoding/xml alone, and wants identical results and errors.
func checkSameActivities(t *testing.T, name string, data []byte) {
	t.Helper()
	switch Sniff(data) {
	case KindGPX:
		doc, raw, err := parseGPX(data)
		wdoc, wraw, werr := parseGPXFrom(newStdXMLDecoder(bytes.NewReader(data)), data)
		if errText(err) != errText(werr) {
			t.Fatalf("%s: parse error %q, want %q", name, errText(err), errText(werr))
		}
		if err != nil {
			return
		}
		checkSame(t, name+": raw points", wraw.points, raw.points)
		checkSame(t, name+": gpxgo documents", wdoc, doc)
		checkSame(t, name+": activities", gpxActivity(wdoc, wraw), gpxActivity(doc, raw))
	case KindTCX:
		acts, err := TCX(bytes.NewReader(data))
		wacts, werr := tcxStd(data)
		if errText(err) != errText(werr) {
			t.Fatalf("%s: error %q, want %q", name, errText(err), errText(werr))
		}
		checkSame(t, name+": activities", wacts, acts)
	default:
		t.Fatalf("%s: neither GPX nor TCX (%v): nothing to compare", name, Sniff(data))
	}
}

// tcxStd is TCX with encoding/xml's decoder alone, as it was before the fast tokenizer.
func tcxStd(data []byte) ([]activity.Activity, error) {
	if data = trimLeadingSpace(data); len(data) == 0 {
		return nil, errors.New("decode tcx: empty document")
	}
	return tcxFrom(newStdXMLDecoder(bytes.NewReader(data)))
}

// TestXMLReadError: GPX and TCX fail alike on a reader that fails part way, with its error
// wrapped, whatever they read before it.
func TestXMLReadError(t *testing.T) {
	boom := errors.New("boom")
	for name, decode := range map[string]func(io.Reader) ([]activity.Activity, error){"gpx": GPX, "tcx": TCX} {
		t.Run(name, func(t *testing.T) {
			doc := gpxDoc("<trk><trkseg>")
			if name == "tcx" {
				doc = tcxDoc(`<Activity Sport="Running"><Id>2024-05-01T10:00:00Z</Id>`)
			}
			acts, err := decode(io.MultiReader(strings.NewReader(doc), iotest.ErrReader(boom)))
			if !errors.Is(err, boom) || !strings.HasPrefix(err.Error(), "decode "+name+": ") {
				t.Errorf("got %d activities and error %v; want %q wrapped after \"decode %s: \"", len(acts), err, boom, name)
			}
		})
	}
}

// TestXMLFastPathSameActivities: GPX and TCX give the same activities, and the same errors,
// with the fast tokenizer as with encoding/xml alone, for every document at hand.
func TestXMLFastPathSameActivities(t *testing.T) {
	for set, load := range docSets(t) {
		t.Run(set, func(t *testing.T) {
			for _, doc := range differential(t, load(t)) {
				if ext := filepath.Ext(strings.TrimSuffix(doc.name, ".gz")); ext != ".gpx" && ext != ".tcx" {
					continue // the fixtures' FIT and zip files, there for the tokenizer tests
				}
				t.Run(doc.name, func(t *testing.T) { checkSameActivities(t, doc.name, doc.data) })
			}
		})
	}
}

// TestXMLFallback: documents the fast tokenizer declines, mostly part way through after
// tokens the decoders have used, and documents it reads whole but the decoders reject, give
// encoding/xml's results and messages (real line numbers included), nothing of the first attempt.
func TestXMLFallback(t *testing.T) {
	gpxPoint := `<trkpt lat="1" lon="2"><time>2026-01-01T00:00:0%d.5+02:00</time></trkpt>`
	gpxBody := "<trk><trkseg>\n" + fmt.Sprintf(gpxPoint, 1) + "\n" + fmt.Sprintf(gpxPoint, 2) + "\n"
	gpxWhole := gpxDoc(gpxBody + "</trkseg></trk>")
	tcxBody := "<Activity Sport=\"Running\"><Id>2024-05-01T10:00:00Z</Id><Lap StartTime=\"2024-05-01T10:00:00Z\"><Track>\n" +
		tcxTrackpoint("2024-05-01T10:00:00Z", 120) + "\n" + tcxTrackpoint("2024-05-01T10:00:01Z", 121) + "\n"
	tcxWhole := tcxDoc(tcxBody + "</Track></Lap></Activity>")
	latin1 := strings.Replace(gpxWhole, `encoding="UTF-8"`, `encoding="ISO-8859-1"`, 1)
	latin1 = strings.Replace(latin1, `creator="Test Watch"`, "creator=\"Caf\xe9 Watch\"", 1)
	tests := []struct {
		name      string
		doc       string
		minTokens int // tokens read before the tokenizer declines; -1: it reads them all
	}{
		{"gpx mismatched end tag", gpxDoc(gpxBody + "</trkseg></wrong>"), 20},
		{"gpx cut short", gpxWhole[:len(gpxWhole)-20], 15},
		{"gpx unknown entity late", gpxDoc(gpxBody + "<trkpt lat=\"1\" lon=\"2\"><name>&nbsp;</name></trkpt></trkseg></trk>"), 20},
		{"gpx Latin-1", latin1, 0},
		{"gpx malformed number", gpxDoc(gpxBody + "<trkpt lat=\"1\" lon=\"2\"><ele>high</ele></trkpt></trkseg></trk>"), -1},
		{"tcx cut short", tcxWhole[:strings.Index(tcxWhole, "</Track>")], 20},
		{"tcx mismatched end tag", tcxDoc(tcxBody + "</Track></Lap></Wrong>"), 20},
		{"tcx entity late", tcxDoc(tcxBody + "&bogus;</Track></Lap></Activity>"), 20},
		{"tcx without activity", tcxDoc(""), -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.doc)
			toks, err := readAllTokens(newXMLTokenizer(data))
			var declined *errXMLDeclined
			switch {
			case tt.minTokens < 0 && err != io.EOF:
				t.Fatalf("read %d tokens then %v; want all of them", len(toks), err)
			case tt.minTokens >= 0 && (!errors.As(err, &declined) || len(toks) < tt.minTokens):
				t.Fatalf("read %d tokens then %v; want a decline after %d or more", len(toks), err, tt.minTokens)
			}
			checkSameActivities(t, tt.name, data)
		})
	}
}

// FuzzXMLTokens: the fast tokenizer never panics, gives encoding/xml's tokens up to where it
// declines, and accepts a whole document only when encoding/xml accepts it with the same tokens.
func FuzzXMLTokens(f *testing.F) {
	seed(f, ".gpx", ".tcx")
	for _, s := range []string{
		`<?xml version="1.0" encoding="UTF-8"?><a x="1" y='&amp;'>t&#65;<![CDATA[c]]><!--c--><?p i?><b/></a>`,
		"<a\r\nx=\"1\r\n\">\r\n</a>",
		`<p:a xmlns:p="u" p:b="v"><p:c/></p:a>`,
		`<a>&#xD800;&#x10FFFF;&lt;&gt;&apos;&quot;</a>`,
		`<!DOCTYPE a><a/>`,
		"\ufeff<a>é</a>",
		`<a x="1"y="2"/>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkTokens(t, data)
	})
}

// BenchmarkXMLTokens reads the largest corpus GPX and TCX files token by token: raw, with the
// fast tokenizer and with encoding/xml's RawToken, and through a Decoder's Token, as the
// importers read them.
func BenchmarkXMLTokens(b *testing.B) {
	dir := corpus.Dir(b)
	for _, file := range []string{"gpx/sportslib__strava.gpx", "tcx/sportslib__6782987395.tcx"} {
		data, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			b.Fatal(err)
		}
		format := strings.ToUpper(filepath.Ext(file)[1:])
		run := func(name string, next func() func() (xml.Token, error)) {
			b.Run(format+"/"+name, func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				for b.Loop() {
					token := next()
					for {
						if _, err := token(); err != nil {
							if err != io.EOF {
								b.Fatal(err)
							}
							break
						}
					}
				}
			})
		}
		run("raw/fast", func() func() (xml.Token, error) { return newXMLTokenizer(data).Token })
		run("raw/encoding-xml", func() func() (xml.Token, error) {
			return newStdXMLDecoder(bytes.NewReader(data)).RawToken
		})
		run("decoder/fast", func() func() (xml.Token, error) {
			return xml.NewTokenDecoder(newXMLTokenizer(data)).Token
		})
		run("decoder/encoding-xml", func() func() (xml.Token, error) {
			return newStdXMLDecoder(bytes.NewReader(data)).Token
		})
	}
}
