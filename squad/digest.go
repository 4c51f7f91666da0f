package squad

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/easyday/easyday/internal/athlete"
	"github.com/easyday/easyday/internal/atomicfile"
	"github.com/easyday/easyday/report"
)

// DigestDays is the most a digest looks back without --since: flags about days further back
// are never new (a file that arrives a month late does not make news).
const DigestDays = 28

// FirstDigestDays is what the first digest of a store looks back over.
const FirstDigestDays = 7

// Memory is what the last digest of a store covered, kept beside the store (MemoryPath), so
// that the next digest says only what is new.
type Memory struct {
	// From is the first day the last digest covered (YYYY-MM-DD); flags about days before it
	// are never new.
	From string `json:"from"`
	// Keys name the flags it covered (flagKey).
	Keys []string `json:"keys"`
}

// MemoryPath is where the digest memory of the store at db lives: beside it, as its lock.
func MemoryPath(db string) string { return db + ".digest" }

// LoadMemory reads the digest memory of the store at db; ok is false when there is none yet.
func LoadMemory(db string) (mem Memory, ok bool, err error) {
	path := MemoryPath(db)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Memory{}, false, nil
	}
	if err == nil {
		err = json.Unmarshal(b, &mem)
	}
	if err == nil {
		_, err = time.Parse(time.DateOnly, mem.From)
	}
	if err != nil {
		return Memory{}, false, fmt.Errorf("digest memory %s: %w", path, err)
	}
	return mem, true, nil
}

// SaveMemory writes the digest memory of the store at db, atomically.
func SaveMemory(db string, mem Memory) error {
	b, err := json.Marshal(mem)
	if err == nil {
		_, err = atomicfile.Write(MemoryPath(db), append(b, '\n'))
	}
	if err != nil {
		return fmt.Errorf("digest memory %s: %w", MemoryPath(db), err)
	}
	return nil
}

// Entry is one athlete's part of a digest: the new flags, worded, and tomorrow's advice.
type Entry struct {
	Key, Name string
	Flags     []report.Flag
	// Advice is what tomorrow should be, in words; empty when there is none to give.
	Advice string
}

// Digest returns the flags of a's store that are new: about days since since when it is not
// zero, else not covered by the last digest (mem; ok false before the first, which looks back
// FirstDigestDays), never about days more than DigestDays back. It returns the memory to save
// once the digest is out. Flags are worded in units.
func Digest(ctx context.Context, a *athlete.Athlete, since time.Time, mem Memory, ok bool, units string, now time.Time) ([]report.Flag, Memory, error) {
	today := civilDay(now.In(a.Loc), a.Loc)
	from := today.AddDate(0, 0, -FirstDigestDays+1)
	switch {
	case !since.IsZero():
		from = civilDay(since, a.Loc)
	case ok:
		from = today.AddDate(0, 0, -DigestDays+1)
		if last, err := time.ParseInLocation(time.DateOnly, mem.From, a.Loc); err == nil && last.After(from) {
			from = last
		}
	}
	next := Memory{From: from.Format(time.DateOnly), Keys: []string{}}
	if from.After(today) {
		return nil, next, nil
	}
	r, err := a.Report(ctx, from, today, nil)
	if err == nil {
		r, err = r.Worded(report.Options{Units: units, Loc: a.Loc})
	}
	if err != nil {
		return nil, next, err
	}
	seen := map[string]bool{}
	for _, k := range mem.Keys {
		seen[k] = since.IsZero() && ok
	}
	var out []report.Flag
	first, last := utcDate(from), utcDate(today)
	for _, w := range r.Weeks {
		for _, f := range w.Flags {
			if d := flagDay(f, w, today); d.Before(first) || d.After(last) {
				continue
			}
			k := flagKey(f)
			next.Keys = append(next.Keys, k)
			if !seen[k] {
				out = append(out, f)
			}
		}
	}
	return out, next, nil
}

// Tomorrow is the advice for the day after now's date in a's zone, in words, in units.
func Tomorrow(ctx context.Context, a *athlete.Athlete, units string, now time.Time) (string, error) {
	return advice(ctx, a, civilDay(now.In(a.Loc), a.Loc), units)
}

// flagKey names a flag across digests: its kind, week, date and activity.
func flagKey(f report.Flag) string {
	id := ""
	if f.Activity != nil {
		id = strconv.FormatInt(*f.Activity, 10)
	}
	return strings.Join([]string{string(f.Kind), f.Week, f.Date, id}, " ")
}

// DigestFormats are the formats WriteDigest writes.
var DigestFormats = []string{"text", "md", "json"}

// WriteDigest writes the entries with new flags in format (text, md or json); nothing at all
// when no entry has a new flag.
func WriteDigest(w io.Writer, entries []Entry, format string) error {
	var news []Entry
	for _, e := range entries {
		if len(e.Flags) > 0 {
			news = append(news, e)
		}
	}
	if len(news) == 0 {
		return nil
	}
	switch format {
	case "json":
		type flag struct {
			report.Flag
			Severity Severity `json:"severity"`
		}
		type entry struct {
			Athlete string `json:"athlete"`
			Name    string `json:"name"`
			Flags   []flag `json:"flags"`
			Advice  string `json:"advice,omitempty"`
		}
		out := make([]entry, len(news))
		for i, e := range news {
			out[i] = entry{Athlete: e.Key, Name: e.Name, Advice: e.Advice}
			for _, f := range e.Flags {
				out[i].Flags = append(out[i].Flags, flag{f, severity(f)})
			}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	case "md":
		var b strings.Builder
		for i, e := range news {
			if i > 0 {
				b.WriteString("\n")
			}
			fmt.Fprintf(&b, "## %s\n\n", mdEscape(title(e)))
			for _, f := range e.Flags {
				fmt.Fprintf(&b, "- **%s** `%s`: %s\n", severity(f), f.Kind, mdEscape(f.Message))
			}
			if e.Advice != "" {
				fmt.Fprintf(&b, "\n%s\n", mdEscape(e.Advice)) // it names the day: "Tomorrow (Mon 7 Dec): …"
			}
		}
		_, err := io.WriteString(w, b.String())
		return err
	case "text":
		var b strings.Builder
		for i, e := range news {
			if i > 0 {
				b.WriteString("\n")
			}
			fmt.Fprintf(&b, "%s: %d new flag%s\n", title(e), len(e.Flags), map[bool]string{true: "", false: "s"}[len(e.Flags) == 1])
			for _, f := range e.Flags {
				fmt.Fprintf(&b, "  %-7s  %s: %s\n", severity(f), f.Kind, f.Message)
			}
			if e.Advice != "" {
				fmt.Fprintf(&b, "  %s\n", e.Advice) // it names the day: "Tomorrow (Mon 7 Dec): …"
			}
		}
		_, err := io.WriteString(w, b.String())
		return err
	}
	return fmt.Errorf("digest format %q: want text, md or json", format)
}

// title names an athlete: "Anna Berg (anna)", or the key alone.
func title(e Entry) string {
	if e.Name == "" || e.Name == e.Key {
		return e.Key
	}
	if e.Key == "" {
		return e.Name
	}
	return e.Name + " (" + e.Key + ")"
}

// mdEscape escapes the characters Markdown would read as markup in a line of text.
func mdEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "<", "&lt;", ">", "&gt;", "#", `\#`)
	return r.Replace(s)
}
