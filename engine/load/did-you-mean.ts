// "did you mean 'notify'?" — the nearest known word to a misspelled one, offered only
// when it is close enough that the suggestion is more likely help than noise.
import { distance } from 'fastest-levenshtein'

/** How many single-character edits a word of this length may be away from a suggestion. */
function allowedEdits(length: number): number {
  if (length <= 3) return 1
  if (length <= 6) return 2 // lets a swapped pair through: 'nmae' → 'name'
  return 3
}

/** The candidate closest to `word`, or undefined when none is close. Ties keep the first candidate. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase()
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of candidates) {
    if (candidate === word) continue
    // A difference of case alone is the likeliest slip of all.
    const d = candidate.toLowerCase() === lower ? 0.5 : distance(lower, candidate.toLowerCase())
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  if (best === undefined) return undefined
  const limit = Math.min(allowedEdits(word.length), best.length - 1)
  return bestDistance <= limit ? best : undefined
}

/** "; did you mean 'x'?" or '' — ready to append to a message. */
export function suggestionSuffix(word: string, candidates: Iterable<string>): string {
  const suggestion = didYouMean(word, candidates)
  return suggestion === undefined ? '' : `; did you mean '${suggestion}'?`
}
