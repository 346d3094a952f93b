// Package suggest finds the word a user most likely meant: the hint after "did you
// mean" for misspelled versions, question IDs and command-line flags.
package suggest

// Nearest returns the candidate closest to word, at most maxEdits edits away (ties go to
// the earlier candidate), or "" when none is that close.
func Nearest(word string, candidates []string, maxEdits int) string {
	best, bestD := "", maxEdits+1
	for _, c := range candidates {
		if abs(len(c)-len(word)) >= bestD {
			continue // too far apart in length to beat the best
		}
		if d := EditDistance(word, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// EditDistance is the Levenshtein distance between two short strings, in bytes.
func EditDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
