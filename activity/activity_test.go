package activity_test

import (
	"math"
	"testing"

	"github.com/easyday/easyday/activity"
)

func TestHaversine(t *testing.T) {
	tests := []struct {
		name                   string
		lat1, lon1, lat2, lon2 float64
		want, tol              float64
	}{
		{"same point", 45, 5, 45, 5, 0, 0},
		{"one degree of latitude", 0, 0, 1, 0, 111195, 1},
		{"one degree of longitude at 60°", 60, 10, 60, 11, 55597, 10},
		{"Paris to London", 48.8566, 2.3522, 51.5074, -0.1278, 343500, 1000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := activity.Haversine(tt.lat1, tt.lon1, tt.lat2, tt.lon2); math.Abs(got-tt.want) > tt.tol {
				t.Errorf("Haversine = %.1f m, want %.1f ± %.0f", got, tt.want, tt.tol)
			}
		})
	}
}
