package importer

import (
	"math"
	"strings"

	"github.com/muktihari/fit/profile/basetype"
	"github.com/muktihari/fit/profile/mesgdef"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/profile/untyped/fieldnum"
	"github.com/muktihari/fit/proto"
)

// devKey names a developer field: its developer data index and field definition number.
type devKey struct{ index, num uint8 }

// devDistanceField is a developer field that holds a distance, with what turns its values
// into metres.
type devDistanceField struct {
	base   proto.FieldBase
	metres float64 // metres per unit of the field's (scaled) value
}

// onFieldDescription keeps the developer fields that hold a distance: swims recorded by
// watch apps (Connect IQ) may carry their distance only there. A field counts when its
// description maps it onto the distance of a record, lap or session (native_field_num), or
// when its name says distance and its units are a length.
func (l *fitListener) onFieldDescription(m *proto.Message) {
	fd := mesgdef.NewFieldDescription(m)
	native := fd.NativeFieldNum != basetype.Uint8Invalid &&
		(fd.NativeMesgNum == typedef.MesgNumRecord && fd.NativeFieldNum == fieldnum.RecordDistance ||
			fd.NativeMesgNum == typedef.MesgNumLap && fd.NativeFieldNum == fieldnum.LapTotalDistance ||
			fd.NativeMesgNum == typedef.MesgNumSession && fd.NativeFieldNum == fieldnum.SessionTotalDistance)
	name := strings.ToLower(strings.Join(fd.FieldName, ""))
	units := strings.ToLower(strings.TrimSpace(strings.Join(fd.Units, "")))
	metres, isLength := lengthUnits[units]
	switch {
	case native && (units == "" || isLength):
		if !isLength {
			metres = 1
		}
	case strings.Contains(name, "distance") && isLength:
	default:
		return
	}
	f := devDistanceField{metres: metres, base: proto.FieldBase{BaseType: fd.FitBaseTypeId, Scale: 1}}
	if fd.Scale != basetype.Uint8Invalid && fd.Scale != 0 {
		f.base.Scale = float64(fd.Scale)
	}
	if fd.Offset != basetype.Sint8Invalid {
		f.base.Offset = float64(fd.Offset)
	}
	if l.devDistance == nil {
		l.devDistance = make(map[devKey]devDistanceField)
	}
	l.devDistance[devKey{fd.DeveloperDataIndex, fd.FieldDefinitionNumber}] = f
}

// lengthUnits are the units of length developer fields are written in, in metres.
var lengthUnits = map[string]float64{
	"m": 1, "meter": 1, "meters": 1, "metre": 1, "metres": 1,
	"km": 1000, "kilometer": 1000, "kilometers": 1000, "kilometre": 1000, "kilometres": 1000,
	"yd": 0.9144, "yard": 0.9144, "yards": 0.9144,
	"mi": 1609.344, "mile": 1609.344, "miles": 1609.344,
}

// devDistanceOf returns the distance, in metres, a message carries in a developer field, NaN
// when it carries none.
func (l *fitListener) devDistanceOf(m *proto.Message) float64 {
	for i := range m.DeveloperFields {
		df := &m.DeveloperFields[i]
		f, ok := l.devDistance[devKey{df.DeveloperDataIndex, df.Num}]
		if !ok {
			continue
		}
		base := f.base
		if v := scaled(&proto.Field{FieldBase: &base, Value: df.Value}); !math.IsNaN(v) && v >= 0 {
			return v * f.metres
		}
	}
	return math.NaN()
}
