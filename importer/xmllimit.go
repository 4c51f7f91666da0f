package importer

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
)

// Bounds on an XML document's shape, which GPX and TCX files never come near: a deeply
// nested or token-bloated document (a few hundred KB gzipped) otherwise drives the parsers'
// stacks and gpxgo's extension trees to gigabytes.
const (
	// MaxXMLDepth bounds element nesting. GPX needs 7 levels (gpx, trk, trkseg, trkpt,
	// extensions, TrackPointExtension, hr), TCX about 10.
	MaxXMLDepth = 64
	// MaxXMLToken bounds one token: character data, a comment, an instruction, a directive or
	// one attribute value.
	MaxXMLToken = 1 << 20
	// MaxXMLElements bounds the elements of one document: 8 million is a week at one point
	// per second with heart rate and cadence, over twice the longest real recording.
	MaxXMLElements = 8 << 20
)

// ErrXMLShape: an XML document nests deeper, holds a larger token or more elements than any
// activity file does (MaxXMLDepth, MaxXMLToken, MaxXMLElements).
var ErrXMLShape = errors.New("xml document beyond the bounds of any activity file")

// xmlLimiter passes on the tokens of src and stops with an error wrapping ErrXMLShape,
// kept in err, at the first that breaks a bound.
type xmlLimiter struct {
	src      xml.TokenReader
	depth    int
	elements int
	err      error
}

func (l *xmlLimiter) Token() (xml.Token, error) {
	if l.err != nil {
		return nil, l.err
	}
	t, err := l.src.Token()
	if err != nil {
		return t, err
	}
	size := 0
	switch t := t.(type) {
	case xml.StartElement:
		if l.depth++; l.depth > MaxXMLDepth {
			return nil, l.fail("elements nested deeper than %d", MaxXMLDepth)
		}
		if l.elements++; l.elements > MaxXMLElements {
			return nil, l.fail("more than %d elements", MaxXMLElements)
		}
		for _, a := range t.Attr {
			size = max(size, len(a.Value))
		}
	case xml.EndElement:
		l.depth--
	case xml.CharData:
		size = len(t)
	case xml.Comment:
		size = len(t)
	case xml.ProcInst:
		size = len(t.Inst)
	case xml.Directive:
		size = len(t)
	}
	if size > MaxXMLToken {
		return nil, l.fail("a token of %d bytes (at most %d)", size, MaxXMLToken)
	}
	return t, nil
}

func (l *xmlLimiter) fail(format string, args ...any) error {
	l.err = fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), ErrXMLShape)
	return l.err
}

// rawTokens reads a Decoder's raw tokens, which cost no memory per open element.
type rawTokens struct{ d *xml.Decoder }

func (r rawTokens) Token() (xml.Token, error) { return r.d.RawToken() }

// checkXMLShape reads data's raw tokens with encoding/xml and returns an error wrapping
// ErrXMLShape where the document breaks a bound. A syntax error is not its business: it
// returns nil, and the parse that follows reports it.
func checkXMLShape(data []byte) error {
	l := &xmlLimiter{src: rawTokens{newStdXMLDecoder(bytes.NewReader(data))}}
	for {
		if _, err := l.Token(); err != nil {
			if l.err != nil {
				return l.err
			}
			if err == io.EOF {
				return nil
			}
			return nil
		}
	}
}
