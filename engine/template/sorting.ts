// Python's sorted() for template values: numbers with numbers, strings with strings,
// lists element-wise; mixing types is Python's TypeError.
import { pyCompare } from './filters/python-compare.js'

export function sortValues<T>(items: T[], reverse = false): T[] {
  const sorted = [...items].sort((a, b) => pyCompare(a, b))
  return reverse ? sorted.reverse() : sorted
}
