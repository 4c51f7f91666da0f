package store

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"
	"time"

	"github.com/easyday/easyday/activity"
)

// The packed sample format, version 1. Integers are Go varints (encoding/binary): "uvarint"
// unsigned, "varint" zig-zag signed.
//
//	byte     version: 1
//	byte     encoding: 0 the body follows as is; 1 the body follows as raw DEFLATE
//	uvarint  the body's length before compression (encoding 1 only)
//	body:
//	  uvarint  n, the number of samples; nothing follows when n is 0
//	  varint   the first sample's time: Unix seconds
//	  uvarint  the first sample's time: nanoseconds within that second
//	  n-1 ×    varint: the other samples' times as whole milliseconds from the first sample's
//	           (rounded to the nearest), second-order delta coded
//	  byte     channel mask: bit c set when channel c is present (any value is not NaN)
//	  for each present channel, in bit order:
//	    uvarint  step: every fixed-point value of the channel is a multiple of it (their
//	             greatest common divisor, 1 when there is none); codes count in steps
//	    n ×      uvarint code:
//	             0    NaN: the value is missing
//	             1    an 8-byte little-endian IEEE 754 float64 follows: a value the fixed
//	                  point cannot hold (±Inf, or beyond ±2^52 units); the predictor skips it
//	             k≥2  the value in steps is the prediction plus zig-zag-decoded k-2
//
// The channels, their fixed-point units and predictors. A first-order predictor predicts the
// previous value, a second-order one the previous value plus the previous step; both start
// from 0 and skip missing values.
//
//	bit  channel     unit          predictor
//	0    latitude    1e-7 degree   second order
//	1    longitude   1e-7 degree   second order
//	2    altitude    0.01 m        first order
//	3    distance    0.01 m        second order
//	4    speed       0.001 m/s     first order
//	5    heart rate  0.01 bpm      first order
//	6    cadence     0.01 rpm      first order
//	7    power       0.1 W         first order
//
// A value comes back rounded to its unit (within half a unit), a NaN as NaN, the first
// sample's time exactly and the others to the millisecond, all in UTC. The step makes whole
// numbers cheap: integer heart rates count in steps of 100 hundredths, FIT altitudes in steps
// of 20 (0.2 m), so that a typical change takes one byte. The body is compressed only when
// DEFLATE at BestSpeed at least halves it (long runs of repeated codes: sparse or constant
// channels). On a typical 1 Hz recording with every channel DEFLATE would save about 30% (7.0
// rather than 10.1 bytes a sample) but make unpacking 2.7 times slower (BenchmarkPackSamples),
// so such bodies stay plain.
const (
	packVersion     = 1
	encodingPlain   = 0
	encodingDeflate = 1

	codeNaN   = 0
	codeFloat = 1
	codeBias  = 2

	// maxFixed bounds the fixed-point values that are delta coded.
	maxFixed = 1 << 52
	// maxBodyBytes bounds the body UnpackSamples will inflate.
	maxBodyBytes = 256 << 20
	// maxSpanSeconds bounds how far a sample's time may lie from the first sample's (about
	// 1.1 million years), so that milliseconds never overflow.
	maxSpanSeconds = 1 << 45
	// maxAddMillis: offsets up to this go through time.Time.Add (a Duration holds ±292 years).
	maxAddMillis = math.MaxInt64 / int64(time.Millisecond)
)

// ErrBadPack is wrapped by UnpackSamples' errors: the bytes are not a valid packed sample
// stream.
var ErrBadPack = errors.New("invalid packed samples")

// channel describes one packed sample field.
type channel struct {
	name   string
	scale  float64 // fixed-point units per SI unit
	order2 bool    // second-order predictor
}

// channels lists the packed channels in bit order; gather and scatter below follow the same
// order.
var channels = [8]channel{
	{"latitude", 1e7, true},
	{"longitude", 1e7, true},
	{"altitude", 100, false},
	{"distance", 100, true},
	{"speed", 1000, false},
	{"heart rate", 100, false},
	{"cadence", 100, false},
	{"power", 10, false},
}

// gather copies channel c of the samples into col.
func gather(c int, smp []activity.Sample, col []float64) {
	switch c {
	case 0:
		for i := range smp {
			col[i] = smp[i].Lat
		}
	case 1:
		for i := range smp {
			col[i] = smp[i].Lon
		}
	case 2:
		for i := range smp {
			col[i] = smp[i].Altitude
		}
	case 3:
		for i := range smp {
			col[i] = smp[i].Distance
		}
	case 4:
		for i := range smp {
			col[i] = smp[i].Speed
		}
	case 5:
		for i := range smp {
			col[i] = smp[i].HeartRate
		}
	case 6:
		for i := range smp {
			col[i] = smp[i].Cadence
		}
	case 7:
		for i := range smp {
			col[i] = smp[i].Power
		}
	}
}

// scatter copies col into channel c of the samples.
func scatter(c int, col []float64, smp []activity.Sample) {
	switch c {
	case 0:
		for i := range smp {
			smp[i].Lat = col[i]
		}
	case 1:
		for i := range smp {
			smp[i].Lon = col[i]
		}
	case 2:
		for i := range smp {
			smp[i].Altitude = col[i]
		}
	case 3:
		for i := range smp {
			smp[i].Distance = col[i]
		}
	case 4:
		for i := range smp {
			smp[i].Speed = col[i]
		}
	case 5:
		for i := range smp {
			smp[i].HeartRate = col[i]
		}
	case 6:
		for i := range smp {
			smp[i].Cadence = col[i]
		}
	case 7:
		for i := range smp {
			smp[i].Power = col[i]
		}
	}
}

// flateWriters and flateReaders reuse DEFLATE state, costly to allocate, across calls. They
// hold no data between calls.
var (
	flateWriters = sync.Pool{New: func() any {
		w, _ := flate.NewWriter(nil, flate.BestSpeed) // a valid level: never an error
		return w
	}}
	flateReaders = sync.Pool{New: func() any { return flate.NewReader(nil) }}
)

// predictor is the delta coder state of a channel or of the times.
type predictor struct {
	prev, step int64
	order2     bool
}

func (p *predictor) predict() int64 {
	if p.order2 {
		return p.prev + p.step
	}
	return p.prev
}

func (p *predictor) observe(v int64) {
	p.step = v - p.prev
	p.prev = v
}

func zigzag(v int64) uint64   { return uint64(v<<1) ^ uint64(v>>63) }
func unzigzag(u uint64) int64 { return int64(u>>1) ^ -int64(u&1) }

// PackSamples encodes samples in easyday's compact columnar format (see the format above). It
// fails only for a sample time more than about a million years from the first sample's.
func PackSamples(smp []activity.Sample) ([]byte, error) {
	b := make([]byte, 2, 24+len(smp)*11)
	b[0], b[1] = packVersion, encodingPlain
	b = binary.AppendUvarint(b, uint64(len(smp)))
	if len(smp) > 0 {
		var err error
		if b, err = appendTimes(b, smp); err != nil {
			return nil, err
		}
		b = appendChannels(b, smp)
	}
	if body := b[2:]; len(body) >= 256 && repetitive(body) {
		if z, err := deflate(body); err != nil {
			return nil, err
		} else if len(z) <= len(body)/2 {
			return z, nil
		}
	}
	return b, nil
}

// repetitive reports whether at least half the bytes repeat the byte before them: the sign
// that DEFLATE may pay for itself.
func repetitive(b []byte) bool {
	same := 0
	for i := 1; i < len(b); i++ {
		if b[i] == b[i-1] {
			same++
		}
	}
	return same*2 >= len(b)
}

// deflate returns the packed form of body with encoding 1.
func deflate(body []byte) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(body)/2 + 16)
	buf.Write([]byte{packVersion, encodingDeflate})
	buf.Write(binary.AppendUvarint(nil, uint64(len(body))))
	w := flateWriters.Get().(*flate.Writer)
	defer flateWriters.Put(w)
	w.Reset(&buf)
	if _, err := w.Write(body); err != nil {
		return nil, fmt.Errorf("pack samples: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("pack samples: %w", err)
	}
	return buf.Bytes(), nil
}

// appendTimes writes the first sample's time in full and the others as milliseconds from it.
func appendTimes(b []byte, smp []activity.Sample) ([]byte, error) {
	s0, ns0 := smp[0].Time.Unix(), int64(smp[0].Time.Nanosecond())
	b = binary.AppendVarint(b, s0)
	b = binary.AppendUvarint(b, uint64(ns0))
	p := predictor{order2: true}
	for i := 1; i < len(smp); i++ {
		t := smp[i].Time
		ds := t.Unix() - s0
		if ds > maxSpanSeconds || ds < -maxSpanSeconds {
			return nil, fmt.Errorf("pack samples: sample %d at %s lies too far from the first, at %s",
				i, t.UTC().Format(time.RFC3339), smp[0].Time.UTC().Format(time.RFC3339))
		}
		ms := ds*1000 + roundDiv(int64(t.Nanosecond())-ns0, 1e6)
		b = binary.AppendVarint(b, ms-p.predict())
		p.observe(ms)
	}
	return b, nil
}

// roundDiv divides a by d > 0, rounding half away from zero.
func roundDiv(a, d int64) int64 {
	if a < 0 {
		return -((-a + d/2) / d)
	}
	return (a + d/2) / d
}

// appendChannels writes the channel mask and the present channels.
func appendChannels(b []byte, smp []activity.Sample) []byte {
	maskAt := len(b)
	b = append(b, 0)
	col := make([]float64, len(smp))
	fixed := make([]int64, len(smp))
	for c := range channels {
		gather(c, smp, col)
		present := false
		for _, v := range col {
			if v == v { // not NaN
				present = true
				break
			}
		}
		if !present {
			continue
		}
		b[maskAt] |= 1 << c
		b = appendChannel(b, &channels[c], col, fixed)
	}
	return b
}

// kind of a column value, kept in fixed while encoding.
const (
	fixedNaN   = math.MinInt64
	fixedFloat = math.MinInt64 + 1
)

// appendChannel writes one present channel: its step and its codes.
func appendChannel(b []byte, ch *channel, col []float64, fixed []int64) []byte {
	var step int64
	for i, v := range col {
		f := math.Round(v * ch.scale)
		switch {
		case v != v:
			fixed[i] = fixedNaN
		case !(f >= -maxFixed && f <= maxFixed): // ±Inf or huge
			fixed[i] = fixedFloat
		default:
			x := int64(f)
			fixed[i] = x
			switch {
			case step == 0:
				step = gcd(x, 0)
			case step != 1 && x%step != 0:
				step = gcd(step, x)
			}
		}
	}
	if step == 0 { // every value is 0, NaN or a float
		step = 1
	}
	b = binary.AppendUvarint(b, uint64(step))
	p := predictor{order2: ch.order2}
	for i, x := range fixed {
		switch x {
		case fixedNaN:
			b = append(b, codeNaN)
		case fixedFloat:
			b = append(b, codeFloat)
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(col[i]))
		default:
			if step != 1 {
				x /= step
			}
			if u := zigzag(x-p.predict()) + codeBias; u < 0x80 {
				b = append(b, byte(u))
			} else {
				b = binary.AppendUvarint(b, u)
			}
			p.observe(x)
		}
	}
	return b
}

// gcd returns the greatest common divisor of |a| and |b|; gcd(0, b) is |b|.
func gcd(a, b int64) int64 {
	if a < 0 {
		a = -a
	}
	if b < 0 {
		b = -b
	}
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// UnpackSamples decodes what PackSamples encoded; times come back in UTC. For bytes that are
// not a valid packed stream it returns an error wrapping ErrBadPack; it never panics.
func UnpackSamples(b []byte) ([]activity.Sample, error) {
	if len(b) < 2 {
		return nil, fmt.Errorf("unpack samples: %d bytes: %w", len(b), ErrBadPack)
	}
	if b[0] != packVersion {
		return nil, fmt.Errorf("unpack samples: version %d, want %d: %w", b[0], packVersion, ErrBadPack)
	}
	body := b[2:]
	switch b[1] {
	case encodingPlain:
	case encodingDeflate:
		var err error
		if body, err = inflate(body); err != nil {
			return nil, fmt.Errorf("unpack samples: %w", err)
		}
	default:
		return nil, fmt.Errorf("unpack samples: encoding %d: %w", b[1], ErrBadPack)
	}
	d := decoder{b: body}
	smp, err := d.samples()
	if err != nil {
		return nil, fmt.Errorf("unpack samples: %w", err)
	}
	return smp, nil
}

// inflate expands a DEFLATE body preceded by its expanded length.
func inflate(b []byte) ([]byte, error) {
	size, k := binary.Uvarint(b)
	if k <= 0 {
		return nil, fmt.Errorf("body length: %w", ErrBadPack)
	}
	b = b[k:]
	// DEFLATE expands 1032:1 at most.
	if size > maxBodyBytes || size > 1100*uint64(len(b))+64 {
		return nil, fmt.Errorf("body length %d from %d bytes: %w", size, len(b), ErrBadPack)
	}
	r := flateReaders.Get().(io.ReadCloser)
	defer flateReaders.Put(r)
	if err := r.(flate.Resetter).Reset(bytes.NewReader(b), nil); err != nil {
		return nil, fmt.Errorf("inflate: %w: %v", ErrBadPack, err)
	}
	out := make([]byte, size)
	if _, err := io.ReadFull(r, out); err != nil {
		return nil, fmt.Errorf("inflate: %w: %v", ErrBadPack, err)
	}
	if n, err := r.Read(make([]byte, 1)); n != 0 {
		return nil, fmt.Errorf("inflate: more than %d bytes: %w", size, ErrBadPack)
	} else if err != io.EOF {
		return nil, fmt.Errorf("inflate: no end after %d bytes: %w: %v", size, ErrBadPack, err)
	}
	return out, nil
}

// decoder reads a plain body.
type decoder struct {
	b   []byte
	off int
	err error
}

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf(format+": %w", append(args, ErrBadPack)...)
	}
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, k := binary.Uvarint(d.b[d.off:])
	if k <= 0 {
		d.fail("truncated or overlong varint at byte %d", d.off)
		return 0
	}
	d.off += k
	return v
}

func (d *decoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, k := binary.Varint(d.b[d.off:])
	if k <= 0 {
		d.fail("truncated or overlong varint at byte %d", d.off)
		return 0
	}
	d.off += k
	return v
}

func (d *decoder) samples() ([]activity.Sample, error) {
	n := d.uvarint()
	if d.err != nil {
		return nil, d.err
	}
	if n == 0 {
		if d.off != len(d.b) {
			return nil, fmt.Errorf("%d bytes after the end: %w", len(d.b)-d.off, ErrBadPack)
		}
		return []activity.Sample{}, nil
	}
	// Each sample after the first takes a byte of time at least, and of every channel.
	if n-1 > uint64(len(d.b)-d.off) {
		return nil, fmt.Errorf("%d samples in %d bytes: %w", n, len(d.b), ErrBadPack)
	}
	smp := make([]activity.Sample, n)
	if err := d.times(smp); err != nil {
		return nil, err
	}
	if d.off >= len(d.b) {
		return nil, fmt.Errorf("channel mask missing: %w", ErrBadPack)
	}
	mask := d.b[d.off]
	d.off++
	col := make([]float64, n)
	for c := range channels {
		if mask&(1<<c) == 0 {
			nan := math.NaN()
			for i := range col {
				col[i] = nan
			}
		} else if err := d.channel(&channels[c], col); err != nil {
			return nil, fmt.Errorf("%s: %w", channels[c].name, err)
		}
		scatter(c, col, smp)
	}
	if d.off != len(d.b) {
		return nil, fmt.Errorf("%d bytes after the end: %w", len(d.b)-d.off, ErrBadPack)
	}
	return smp, nil
}

func (d *decoder) times(smp []activity.Sample) error {
	s0 := d.varint()
	ns0 := d.uvarint()
	if d.err != nil {
		return d.err
	}
	if ns0 >= 1e9 {
		return fmt.Errorf("first time's nanoseconds %d: %w", ns0, ErrBadPack)
	}
	t0 := time.Unix(s0, int64(ns0)).UTC()
	smp[0].Time = t0
	p := predictor{order2: true}
	for i := 1; i < len(smp); i++ {
		ms := p.predict() + d.varint()
		p.observe(ms)
		if ms <= maxAddMillis && ms >= -maxAddMillis {
			smp[i].Time = t0.Add(time.Duration(ms) * time.Millisecond)
		} else {
			smp[i].Time = time.Unix(s0+ms/1000, int64(ns0)+ms%1000*1e6).UTC()
		}
	}
	return d.err
}

// channel decodes one present channel into col.
func (d *decoder) channel(ch *channel, col []float64) error {
	ustep := d.uvarint()
	if d.err != nil {
		return d.err
	}
	if ustep == 0 || ustep > maxFixed {
		return fmt.Errorf("step %d: %w", ustep, ErrBadPack)
	}
	if len(d.b)-d.off < len(col) {
		return fmt.Errorf("%d samples in %d bytes: %w", len(col), len(d.b)-d.off, ErrBadPack)
	}
	step, scale := int64(ustep), ch.scale
	p := predictor{order2: ch.order2}
	b := d.b
	for i := range col {
		// Each iteration starts with a byte left: checked above for the first, below for
		// the others.
		var code uint64
		if c := b[d.off]; c < 0x80 {
			code = uint64(c)
			d.off++
		} else if code = d.uvarint(); d.err != nil {
			return d.err
		}
		switch code {
		case codeNaN:
			col[i] = math.NaN()
		case codeFloat:
			if len(b)-d.off < 8 {
				return fmt.Errorf("truncated float at byte %d: %w", d.off, ErrBadPack)
			}
			col[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[d.off:]))
			d.off += 8
		default:
			x := p.predict() + unzigzag(code-codeBias)
			p.observe(x)
			col[i] = float64(x*step) / scale
		}
		if d.off >= len(b) && i+1 < len(col) {
			return fmt.Errorf("truncated at sample %d: %w", i+1, ErrBadPack)
		}
	}
	return nil
}
