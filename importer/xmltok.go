package importer

// One piece although past 600 lines: the tokenizer must give encoding/xml's exact tokens, and
// its scanning, name, entity and character rules are checked together against encoding/xml's.

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
)

// xmlTokenizer is a fast raw XML tokenizer over a document in memory. Its Token method gives
// exactly the tokens encoding/xml's (*Decoder).RawToken would give for the same bytes (names
// untranslated, attributes in order with their values unescaped), so xml.NewTokenDecoder over
// it behaves like xml.NewDecoder over the bytes: the Decoder does the name space translation
// and the end-tag checks on top of any xml.TokenReader.
//
// Importing GPX and TCX spends most of its time in encoding/xml's tokenizer, which reads a
// byte at a time through an interface and a bytes.Buffer. This one scans the slice directly,
// copies character data into a shared arena instead of allocating per token, and interns
// element and attribute names.
//
// It handles a strict, common subset and declines the rest: on anything it does not fully
// handle, or any error at all, Token returns an error (kept in Err) and the caller must read
// the whole document again with encoding/xml, which gives the authoritative result or error
// message. It never guesses. What it handles:
//
//   - UTF-8 documents: no XML declaration, or one with version 1.0 (or none) and an encoding
//     that is UTF-8 (or none). Any other encoding is declined.
//   - Elements and attributes with ASCII names, at most one colon (as encoding/xml splits
//     them), attribute values in double or single quotes.
//   - Character data and attribute values: valid UTF-8 in XML's character range, the five
//     predefined entities and numeric character references, \r and \r\n read as \n (exactly
//     encoding/xml's line-ending handling; it does no other attribute-value normalisation).
//   - Comments, processing instructions and CDATA sections.
//
// Declined: DOCTYPE and other <! directives, non-ASCII names, unknown entities, invalid UTF-8
// or characters outside XML's range, any syntax error, truncation, an end tag that does not
// match its start tag, and EOF inside an element. The last two are errors the Decoder over a
// TokenReader would report itself, with line 1 for want of a position; declining them keeps
// every error message coming from encoding/xml proper.
//
// Token data stays valid at least as long as encoding/xml's (until the next call, by its
// contract): here character data, comments and instructions are copies that are never
// overwritten, and never alias the input, so a consumer that modifies or keeps them harms
// nothing. Each StartElement has its own Attr slice, as the Decoder rewrites its names in place.
type xmlTokenizer struct {
	data []byte
	pos  int
	err  error // the first error returned, returned again by every later call

	open      []xmlName // the open elements, innermost last
	closeNext bool      // the last start tag was self-closing: its EndElement comes next

	names [128]xmlName // interned names, a direct-mapped cache keyed by a hash of the bytes
	attrs []xml.Attr   // scratch for the attributes of a start tag
	buf   []byte       // scratch for text that needs decoding (entities, \r)
	arena []byte       // copies of token data are carved from here and never overwritten
}

// xmlName is an element or attribute name as written and as RawToken splits it, with its
// tokens boxed once: an interface value cannot be changed through, so one can be returned any
// number of times. That saves an allocation for every end tag and for every start tag
// without attributes, whose empty Attr slice offers nothing to change either.
type xmlName struct {
	raw   string    // "gpxtpx:hr"
	name  xml.Name  // {Space: "gpxtpx", Local: "hr"}: the prefix, untranslated
	start xml.Token // xml.StartElement{Name: name, Attr: []xml.Attr{}}
	end   xml.Token // xml.EndElement{Name: name}
}

// arenaChunk is the size of the arena's blocks. Token data larger than a quarter of it gets a
// block of its own, so that little of a block goes to waste.
const arenaChunk = 32 << 10

// newXMLTokenizer returns a tokenizer over data, which it reads but never changes.
func newXMLTokenizer(data []byte) *xmlTokenizer {
	return &xmlTokenizer{data: data}
}

// errXMLDeclined is what the tokenizer returns for input it does not handle: where, and why.
type errXMLDeclined struct {
	offset int
	reason string
}

func (e *errXMLDeclined) Error() string {
	return fmt.Sprintf("fast xml tokenizer: %s at byte %d (left to encoding/xml)", e.reason, e.offset)
}

// Err returns nil while every token so far was one the tokenizer handles, and after a clean
// io.EOF; otherwise the reason it declined the document.
func (z *xmlTokenizer) Err() error { return z.err }

// decline records that the document is not one the tokenizer handles, at byte offset.
func (z *xmlTokenizer) decline(offset int, reason string) (xml.Token, error) {
	z.err = &errXMLDeclined{offset: offset, reason: reason}
	return nil, z.err
}

// Token returns the next raw token, as (*xml.Decoder).RawToken would, or io.EOF after the last.
func (z *xmlTokenizer) Token() (xml.Token, error) {
	if z.err != nil {
		return nil, z.err
	}
	if z.closeNext {
		z.closeNext = false
		n := z.open[len(z.open)-1]
		z.open = z.open[:len(z.open)-1]
		return n.end, nil
	}
	d := z.data
	if z.pos >= len(d) {
		if len(z.open) > 0 {
			return z.decline(z.pos, "unexpected EOF inside <"+z.open[len(z.open)-1].raw+">")
		}
		return nil, io.EOF
	}
	if d[z.pos] != '<' {
		return z.charData()
	}
	if z.pos+1 >= len(d) {
		return z.decline(z.pos, "unexpected EOF after <")
	}
	switch d[z.pos+1] {
	case '/':
		return z.endElement()
	case '?':
		return z.procInst()
	case '!':
		switch {
		case bytes.HasPrefix(d[z.pos:], []byte("<!--")):
			return z.comment()
		case bytes.HasPrefix(d[z.pos:], []byte("<![CDATA[")):
			return z.cdata()
		}
		return z.decline(z.pos, "a directive (DOCTYPE, ENTITY...) or malformed <!")
	}
	return z.startElement()
}

// Byte classes. A byte is "plain" in text when it needs no attention: everything but markup,
// quotes, ']' (for "]]>"), '&', '\r', control characters and the bytes of multi-byte UTF-8.
var (
	nameStart [256]bool // ASCII bytes that may begin a name: letters, '_' and ':'
	nameByte  [256]bool // ASCII bytes that may continue one (encoding/xml's isNameByte)
	textPlain [256]bool
)

func init() {
	for c := 0; c < 256; c++ {
		b := byte(c)
		letter := 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
		nameStart[c] = letter || b == '_' || b == ':'
		nameByte[c] = nameStart[c] || '0' <= b && b <= '9' || b == '.' || b == '-'
		textPlain[c] = (b >= 0x20 || b == '\t' || b == '\n') && b < utf8.RuneSelf &&
			b != '<' && b != '&' && b != ']' && b != '"' && b != '\''
	}
}

// isSpace reports XML white space as encoding/xml skips it inside tags.
func isSpace(b byte) bool { return b == ' ' || b == '\r' || b == '\n' || b == '\t' }

// skipSpace returns the index of the first byte at or after i that is not white space.
func (z *xmlTokenizer) skipSpace(i int) int {
	for i < len(z.data) && isSpace(z.data[i]) {
		i++
	}
	return i
}

// inCharRange is encoding/xml's isInCharacterRange: XML's Char production.
func inCharRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// name reads the name at i: ASCII only, at most one colon (encoding/xml rejects more). It
// returns the interned name and the index after it, or ok false.
func (z *xmlTokenizer) name(i int) (n *xmlName, end int, ok bool) {
	d := z.data
	if i >= len(d) || !nameStart[d[i]] {
		return nil, i, false
	}
	end = i + 1
	for end < len(d) && nameByte[d[end]] {
		end++
	}
	if end < len(d) && d[end] >= utf8.RuneSelf {
		return nil, end, false // non-ASCII names are checked against Unicode tables; not here
	}
	n = z.intern(d[i:end])
	if n == nil {
		return nil, end, false
	}
	return n, end, true
}

// intern returns the name for b, nil if it has more than one colon. It allocates the name's
// strings and tokens only the first time it sees it (or when another name took its slot since).
// The result is valid until the next call.
func (z *xmlTokenizer) intern(b []byte) *xmlName {
	h := (uint(len(b))*131 + uint(b[0])*31 + uint(b[len(b)-1])*7 + uint(b[len(b)/2])) % uint(len(z.names))
	e := &z.names[h]
	if e.raw == string(b) {
		return e
	}
	if bytes.Count(b, []byte(":")) > 1 {
		return nil
	}
	raw := string(b)
	n := xml.Name{Local: raw}
	// encoding/xml's nsname: "p:l" is {p, l}; a leading or trailing colon stays in Local.
	if space, local, found := strings.Cut(raw, ":"); found && space != "" && local != "" {
		n = xml.Name{Space: space, Local: local}
	}
	*e = xmlName{raw: raw, name: n,
		start: xml.StartElement{Name: n, Attr: []xml.Attr{}}, end: xml.EndElement{Name: n}}
	return e
}

// keep returns a copy of b that stays valid and is never written again, carved from the arena.
// It is never nil: encoding/xml's token data never is.
func (z *xmlTokenizer) keep(b []byte) []byte {
	if len(b) > arenaChunk/4 {
		return append(make([]byte, 0, len(b)), b...)
	}
	if cap(z.arena)-len(z.arena) < len(b) || z.arena == nil {
		z.arena = make([]byte, 0, arenaChunk)
	}
	n := len(z.arena)
	z.arena = append(z.arena, b...)
	return z.arena[n:len(z.arena):len(z.arena)] // capped: appending to it cannot reach the next
}

// text reads character data from i up to '<' (quote 0) or up to the closing quote of an
// attribute value, as encoding/xml's (*Decoder).text does: entities and character references
// replaced, \r and \r\n read as \n. It returns the text (the input itself when nothing needed
// replacing, else scratch space valid until the next call), the index of the byte that ended
// it, and a reason when it declines.
func (z *xmlTokenizer) text(i int, quote byte) (out []byte, end int, reason string) {
	d := z.data
	start, run := i, i // run: where the bytes not yet copied to z.buf begin
	decoded := false   // z.buf holds the text decoded from start to run
	for {
		for i < len(d) && textPlain[d[i]] {
			i++
		}
		if i >= len(d) {
			if quote != 0 {
				return nil, i, "unexpected EOF in an attribute value"
			}
			break
		}
		c := d[i]
		if c == '<' {
			if quote != 0 {
				return nil, i, "unescaped < in an attribute value"
			}
			break
		}
		if quote != 0 && c == quote {
			break
		}
		switch {
		case c == '"' || c == '\'':
			i++
		case c == ']':
			if quote == 0 && i+2 < len(d) && d[i+1] == ']' && d[i+2] == '>' {
				return nil, i, "]]> in character data"
			}
			i++
		case c == '&':
			r, n := entity(d[i:])
			if n == 0 {
				return nil, i, "an entity or character reference encoding/xml would reject"
			}
			if !decoded {
				z.buf, decoded = z.buf[:0], true
			}
			z.buf = append(z.buf, d[run:i]...)
			z.buf = utf8.AppendRune(z.buf, r)
			i += n
			run = i
		case c == '\r':
			if !decoded {
				z.buf, decoded = z.buf[:0], true
			}
			z.buf = append(z.buf, d[run:i]...)
			z.buf = append(z.buf, '\n')
			i++
			if i < len(d) && d[i] == '\n' {
				i++
			}
			run = i
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRune(d[i:])
			if r == utf8.RuneError && n == 1 {
				return nil, i, "invalid UTF-8"
			}
			if !inCharRange(r) {
				return nil, i, "a character outside XML's range"
			}
			i += n
		default:
			return nil, i, "a control character outside XML's range"
		}
	}
	if !decoded {
		return d[start:i], i, ""
	}
	z.buf = append(z.buf, d[run:i]...)
	return z.buf, i, ""
}

// entity reads the entity or character reference at the start of d ('&'), as encoding/xml does
// in strict mode without Decoder.Entity: the five predefined entities, &#digits; and
// &#xhex;. It returns the character and the length read, or n 0 when encoding/xml would fail.
func entity(d []byte) (r rune, n int) {
	if len(d) >= 2 && d[1] == '#' {
		i, base := 2, rune(10)
		if i < len(d) && d[i] == 'x' {
			i, base = i+1, 16
		}
		digits := i
		for ; i < len(d); i++ {
			c, v := d[i], rune(-1)
			switch {
			case '0' <= c && c <= '9':
				v = rune(c - '0')
			case base == 16 && 'a' <= c && c <= 'f':
				v = rune(c-'a') + 10
			case base == 16 && 'A' <= c && c <= 'F':
				v = rune(c-'A') + 10
			}
			if v < 0 {
				break
			}
			if r = r*base + v; r > utf8.MaxRune {
				return 0, 0
			}
		}
		if i == digits || i >= len(d) || d[i] != ';' {
			return 0, 0
		}
		// string(rune(n)) in encoding/xml turns a surrogate into U+FFFD, as AppendRune does;
		// its character range check then applies to the result.
		if out := r; !inCharRange(out) && !(0xD800 <= out && out <= 0xDFFF) {
			return 0, 0
		}
		return r, i + 1
	}
	for _, e := range [...]struct {
		s string
		r rune
	}{{"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&apos;", '\''}, {"&quot;", '"'}} {
		if bytes.HasPrefix(d, []byte(e.s)) {
			return e.r, len(e.s)
		}
	}
	return 0, 0
}

// charData reads the text at z.pos, up to the next '<' or the end.
func (z *xmlTokenizer) charData() (xml.Token, error) {
	out, end, reason := z.text(z.pos, 0)
	if reason != "" {
		return z.decline(end, reason)
	}
	z.pos = end
	return xml.CharData(z.keep(out)), nil
}

// startElement reads the start tag at z.pos ("<name attr='v'...>" or ".../>").
func (z *xmlTokenizer) startElement() (xml.Token, error) {
	d := z.data
	np, i, ok := z.name(z.pos + 1)
	if !ok {
		return z.decline(z.pos, "an element name that is not plain ASCII or malformed")
	}
	n := *np // a copy: interning the attribute names may reuse its slot
	z.attrs = z.attrs[:0]
	empty := false
	for {
		i = z.skipSpace(i)
		if i >= len(d) {
			return z.decline(i, "unexpected EOF in a start tag")
		}
		if d[i] == '>' {
			i++
			break
		}
		if d[i] == '/' {
			if i+1 >= len(d) || d[i+1] != '>' {
				return z.decline(i, "/ without > in a start tag")
			}
			i += 2
			empty = true
			break
		}
		// encoding/xml needs no space between attributes: <a x="1"y="2"> is accepted.
		an, j, ok := z.name(i)
		if !ok {
			return z.decline(i, "an attribute name that is not plain ASCII or malformed")
		}
		j = z.skipSpace(j)
		if j >= len(d) || d[j] != '=' {
			return z.decline(j, "an attribute without =")
		}
		j = z.skipSpace(j + 1)
		if j >= len(d) || d[j] != '"' && d[j] != '\'' {
			return z.decline(j, "an unquoted attribute value")
		}
		val, end, reason := z.text(j+1, d[j])
		if reason != "" {
			return z.decline(end, reason)
		}
		z.attrs = append(z.attrs, xml.Attr{Name: an.name, Value: string(val)})
		i = end + 1
	}
	z.pos = i
	z.open = append(z.open, n)
	z.closeNext = empty
	if len(z.attrs) == 0 {
		return n.start, nil
	}
	// A fresh slice per element: the Decoder translates the attribute names in place, and
	// consumers may keep the StartElement.
	attrs := make([]xml.Attr, len(z.attrs))
	copy(attrs, z.attrs)
	return xml.StartElement{Name: n.name, Attr: attrs}, nil
}

// endElement reads the end tag at z.pos ("</name>"), which must close the innermost open
// element: the Decoder checks that too, but its error would carry no line number.
func (z *xmlTokenizer) endElement() (xml.Token, error) {
	d := z.data
	start := z.pos + 2
	end := start
	for end < len(d) && nameByte[d[end]] {
		end++
	}
	if len(z.open) == 0 || string(d[start:end]) != z.open[len(z.open)-1].raw {
		return z.decline(z.pos, "an end tag that does not match the open element")
	}
	i := z.skipSpace(end)
	if i >= len(d) || d[i] != '>' {
		return z.decline(i, "malformed end tag")
	}
	n := z.open[len(z.open)-1]
	z.open = z.open[:len(z.open)-1]
	z.pos = i + 1
	return n.end, nil
}

// comment reads "<!--...-->" at z.pos. As in encoding/xml, the first "--" must end it, and
// its bytes are returned as they are (no checks, no line-ending handling).
func (z *xmlTokenizer) comment() (xml.Token, error) {
	d := z.data
	start := z.pos + 4
	k := bytes.Index(d[start:], []byte("--"))
	if k < 0 || start+k+2 >= len(d) || d[start+k+2] != '>' {
		return z.decline(z.pos, `unterminated comment or "--" inside one`)
	}
	z.pos = start + k + 3
	return xml.Comment(z.keep(d[start : start+k])), nil
}

// cdata reads "<![CDATA[...]]>" at z.pos: character data, no entities, \r and \r\n read as \n.
func (z *xmlTokenizer) cdata() (xml.Token, error) {
	d := z.data
	start := z.pos + len("<![CDATA[")
	k := bytes.Index(d[start:], []byte("]]>"))
	if k < 0 {
		return z.decline(z.pos, "unterminated CDATA section")
	}
	z.buf = z.buf[:0]
	for i := start; i < start+k; {
		c := d[i]
		switch {
		case c == '\r':
			z.buf = append(z.buf, '\n')
			i++
			if i < len(d) && d[i] == '\n' {
				i++
			}
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRune(d[i:])
			if r == utf8.RuneError && n == 1 || !inCharRange(r) {
				return z.decline(i, "invalid UTF-8 or a character outside XML's range")
			}
			z.buf = append(z.buf, d[i:i+n]...)
			i += n
		case c < 0x20 && c != '\t' && c != '\n':
			return z.decline(i, "a control character outside XML's range")
		default:
			z.buf = append(z.buf, c)
			i++
		}
	}
	z.pos = start + k + 3
	return xml.CharData(z.keep(z.buf)), nil
}

// procInst reads "<?target inst?>" at z.pos. The XML declaration is checked as encoding/xml
// checks it, and declined unless it says version 1.0 and UTF-8 (or nothing).
func (z *xmlTokenizer) procInst() (xml.Token, error) {
	d := z.data
	// encoding/xml reads the target with name, not nsname: any number of colons.
	i := z.pos + 2
	if i >= len(d) || !nameStart[d[i]] {
		return z.decline(z.pos, "a processing instruction target that is not plain ASCII")
	}
	for i < len(d) && nameByte[d[i]] {
		i++
	}
	if i < len(d) && d[i] >= utf8.RuneSelf {
		return z.decline(z.pos, "a processing instruction target that is not plain ASCII")
	}
	target := string(d[z.pos+2 : i])
	i = z.skipSpace(i)
	k := bytes.Index(d[i:], []byte("?>"))
	if k < 0 {
		return z.decline(z.pos, "unterminated processing instruction")
	}
	inst := d[i : i+k]
	if target == "xml" {
		content := string(inst)
		if ver := procInst("version", content); ver != "" && ver != "1.0" {
			return z.decline(z.pos, "an XML version other than 1.0")
		}
		if enc := procInst("encoding", content); enc != "" && !strings.EqualFold(enc, "utf-8") {
			return z.decline(z.pos, "an encoding other than UTF-8")
		}
	}
	z.pos = i + k + 2
	return xml.ProcInst{Target: target, Inst: z.keep(inst)}, nil
}

// procInst is encoding/xml's own parser of a pseudo-attribute of the XML declaration, copied
// so as to read the declaration exactly as it does, loose as it is.
func procInst(param, s string) string {
	param = param + "="
	lenp := len(param)
	i := 0
	var sep byte
	for i < len(s) {
		sub := s[i:]
		k := strings.Index(sub, param)
		if k < 0 || lenp+k >= len(sub) {
			return ""
		}
		i += lenp + k + 1
		if c := sub[lenp+k]; c == '\'' || c == '"' {
			sep = c
			break
		}
	}
	if sep == 0 {
		return ""
	}
	j := strings.IndexByte(s[i:], sep)
	if j < 0 {
		return ""
	}
	return s[i : i+j]
}

// newStdXMLDecoder is encoding/xml's own decoder over r, reading the encodings documents
// declare: the reference the fast tokenizer matches, and its fallback.
func newStdXMLDecoder(r io.Reader) *xml.Decoder {
	d := xml.NewDecoder(r)
	d.CharsetReader = charset.NewReaderLabel // ISO-8859-1 and other declared encodings
	return d
}

// decodeXML runs decode over the tokens of data: first from the fast tokenizer, and, when that
// declined anything or decode failed, once more from encoding/xml's own decoder, whose result
// is returned whatever it is. A first run that declined is thrown away whole, so nothing
// partial from it can leak, even where decode turns errors into notes.
//
// Both runs are bounded (xmllimit.go): a document beyond the bounds of any activity file is
// refused with an error wrapping ErrXMLShape, before encoding/xml's Decoder, whose stack grows
// with every open element, reads it.
func decodeXML[T any](data []byte, decode func(*xml.Decoder) (T, error)) (T, error) {
	fast := newXMLTokenizer(data)
	lim := &xmlLimiter{src: fast}
	v, err := decode(xml.NewTokenDecoder(lim))
	if err == nil && fast.Err() == nil {
		return v, nil
	}
	var zero T
	if lim.err != nil {
		return zero, lim.err
	}
	if err := checkXMLShape(data); err != nil {
		return zero, err
	}
	return decode(newStdXMLDecoder(bytes.NewReader(data)))
}

// trimLeadingSpace drops the byte order marks and white space before an XML document's first
// markup. Sniff uses it to find the root element, GPX and TCX to tell an empty document (one
// with nothing left) alike, and TCX parses what is left: some exporters (Polar Flow,
// sportslib__6281425038.tcx) write white space before the declaration, which strict XML
// parsers reject; encoding/xml happens to accept it, and trimming keeps it that way.
func trimLeadingSpace(b []byte) []byte {
	for len(b) > 0 {
		switch {
		case bytes.HasPrefix(b, []byte("\xef\xbb\xbf")):
			b = b[3:]
		case b[0] == ' ' || b[0] == '\t' || b[0] == '\r' || b[0] == '\n':
			b = b[1:]
		default:
			return b
		}
	}
	return b
}
