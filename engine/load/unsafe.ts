// `!unsafe` values must never be templated. Loaded data stays plain JS, so a string
// cannot carry a flag: instead its template markers are fenced in a Jinja raw block,
// which renders back to exactly the text that was written — wherever it is templated.

const TEMPLATE_MARKER = /\{[{%#]/
// A literal `{% endraw %}` inside the text would close the fence early.
const ENDRAW = /\{%(?=-?\s*endraw)/g

/** `text` as a template that renders to `text` itself. */
export function unsafeText(text: string): string {
  if (!TEMPLATE_MARKER.test(text)) return text
  return `{% raw %}${text.replace(ENDRAW, "{% endraw %}{{ '{%' }}{% raw %}")}{% endraw %}`
}

/** Apply `unsafeText` to every string inside `value` (mappings and sequences in place). */
export function markUnsafe(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return unsafeText(value)
  if (value === null || typeof value !== 'object' || seen.has(value)) return value
  seen.add(value) // aliases can make a structure refer to itself
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = markUnsafe(value[i], seen)
  } else {
    const record = value as Record<string, unknown>
    for (const key of Object.keys(record)) record[key] = markUnsafe(record[key], seen)
  }
  return value
}
