package analysis

import "sort"

// sortedWindow holds the known values of a sliding window in ascending order, so that a
// median or any rank is read at once; sliding it costs a binary search and a short move
// instead of a sort.
type sortedWindow []float64

// insert adds v where it sorts.
func (w *sortedWindow) insert(v float64) {
	s := *w
	i := sort.SearchFloat64s(s, v)
	s = append(s, 0)
	copy(s[i+1:], s[i:])
	s[i] = v
	*w = s
}

// remove takes out one value equal to v, if there is one.
func (w *sortedWindow) remove(v float64) {
	s := *w
	if i := sort.SearchFloat64s(s, v); i < len(s) && s[i] == v {
		*w = append(s[:i], s[i+1:]...)
	}
}

// replace puts v in the place of old, which must be in the window, and moves it to where it
// sorts: one slide of a window that keeps its size.
func (w sortedWindow) replace(old, v float64) {
	k := sort.SearchFloat64s(w, old)
	for k > 0 && w[k-1] > v {
		w[k] = w[k-1]
		k--
	}
	for k+1 < len(w) && w[k+1] < v {
		w[k] = w[k+1]
		k++
	}
	w[k] = v
}

// median of the window's values, which must not be empty.
func (w sortedWindow) median() float64 {
	n := len(w)
	if n%2 == 1 {
		return w[n/2]
	}
	return (w[n/2-1] + w[n/2]) / 2
}
