// ini_file's decision on a file's lines, as community.general's ini_file (6.x, the
// one Ansible 7 ships) makes it: options are matched with an optional comment sign
// before them ("#opt = v" counts as the option), several values of one option are
// kept or made exclusive, missing sections are added at the end.
export interface IniSpec {
  /** undefined or '': options before the first section. */
  section?: string
  option?: string
  values: string[]
  state: 'present' | 'absent'
  exclusive: boolean
  noExtraSpaces: boolean
  allowNoValue: boolean
  /** Leave a line alone when it differs only by spaces around "=". */
  ignoreSpaces: boolean
}

export interface IniResult {
  lines: string[]
  changed: boolean
  msg: string
}

// Stands for "before the first section", so the top of the file is a section like the others.
const TOP = 'ad01e11446efb704fcdbdb21f2c43757423d91c5'
const BLANK_OR_COMMENT = /^[ \t]*([#;].*)?$/

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
}

/** `[#;]?( |\t)*(option)( |\t)*(=|$)( |\t)*(.*)`, Python's `$` matching before a final newline. */
function optionMatcher(option: string, commented: boolean): (line: string) => RegExpExecArray | null {
  const re = new RegExp(`^${commented ? '[#;]?' : ''}( |\\t)*(${escapeRegex(option)})( |\\t)*(=|(?=\\n?$))( |\\t)*(.*)`)
  return (line) => re.exec(line)
}

/** Lines as Python's text mode reads them: universal newlines, each keeping its "\n". */
export function iniLines(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').match(/[^\n]*\n|[^\n]+$/g) ?? []
}

export function editIni(original: string[], s: IniSpec): IniResult {
  const values = [...new Set(s.values)]
  const lines = [...original]
  let changed = false
  if (lines.length === 0) lines.push('\n')
  const last = lines[lines.length - 1]!
  if (!last.endsWith('\n')) {
    lines[lines.length - 1] = `${last}\n`
    changed = true
  }
  lines.unshift(`[${TOP}]`)
  lines.push('[')
  const section = s.section ? s.section : TOP
  const assignment = (value: string) => (s.noExtraSpaces ? `${s.option}=${value}\n` : `${s.option} = ${value}\n`)

  let withinSection = false
  let start = 0
  let end = 0
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.startsWith(`[${section}]`)) {
      withinSection = true
      start = i
    } else if (lines[i]!.startsWith('[') && withinSection) {
      end = i
      break
    }
  }
  const before = lines.slice(0, start)
  let sectionLines = lines.slice(start, end)
  const after = lines.slice(end)
  const state = { changed, msg: 'OK' }
  if (s.state === 'present') sectionLines = presentInSection(sectionLines, s, values, assignment, state)
  else sectionLines = absentInSection(sectionLines, s, values, state)

  const result = [...before, ...sectionLines, ...after].slice(1, -1)
  if (!withinSection && s.state === 'present') {
    result.push(`[${section}]\n`)
    state.msg = 'section and option added'
    if (s.option && values.length > 0) for (const value of values) result.push(assignment(value))
    else if (s.option && s.allowNoValue) result.push(`${s.option}\n`)
    else state.msg = 'only section added'
    state.changed = true
  }
  return { lines: result, changed: state.changed, msg: state.msg }
}

type EditState = { changed: boolean; msg: string }

function setLine(lines: string[], touched: boolean[], i: number, line: string, state: EditState, ignoreSpaces: boolean): void {
  const differs = ignoreSpaces ? lines[i]!.replace(/[ \t]*=[ \t]*/, '=') !== line.replace(/[ \t]*=[ \t]*/, '=') : lines[i] !== line
  if (differs) {
    state.changed = true
    state.msg = 'option changed'
    lines[i] = line
  }
  touched[i] = true
}

function presentInSection(lines: string[], s: IniSpec, values: string[], assignment: (v: string) => string, state: EditState): string[] {
  const touched = lines.map(() => false)
  const match = s.option ? optionMatcher(s.option, true) : () => null
  let noValuePresent = false
  if (s.option) {
    for (let i = 0; i < lines.length; i++) {
      const m = match(lines[i]!)
      if (!m) continue
      const value = m[6]!
      if (values.length > 0 && values.includes(value)) {
        const line = !value && s.allowNoValue ? `${s.option}\n` : assignment(value)
        if (!value && s.allowNoValue) noValuePresent = true
        setLine(lines, touched, i, line, state, s.ignoreSpaces)
        values.splice(values.indexOf(value), 1)
      } else if (values.length === 0 && s.allowNoValue) {
        setLine(lines, touched, i, `${s.option}\n`, state, s.ignoreSpaces)
        noValuePresent = true
        break
      }
    }
  }
  if (s.exclusive && !s.allowNoValue && s.option) {
    // Remaining values take the places of other lines of the option; the rest of those go.
    for (let i = 0; i < lines.length && values.length > 0; i++) {
      if (!touched[i] && match(lines[i]!)) setLine(lines, touched, i, assignment(values.shift()!), state, s.ignoreSpaces)
    }
    for (let i = lines.length - 1; i > 0; i--) {
      if (!touched[i] && match(lines[i]!)) {
        lines.splice(i, 1)
        touched.splice(i, 1)
        state.changed = true
        state.msg = 'option changed'
      }
    }
  }
  // New lines go after the section's last line that is not blank or a comment.
  for (let i = lines.length; i > 0; i--) {
    if (BLANK_OR_COMMENT.test(lines[i - 1]!.replace(/\n$/, ''))) continue
    if (s.option && values.length > 0) {
      lines.splice(i, 0, ...values.map(assignment))
      state.msg = 'option added'
      state.changed = true
    } else if (s.option && values.length === 0 && s.allowNoValue && !noValuePresent) {
      lines.splice(i, 0, `${s.option}\n`)
      state.msg = 'option added'
      state.changed = true
    }
    break
  }
  return lines
}

function absentInSection(lines: string[], s: IniSpec, values: string[], state: EditState): string[] {
  if (!s.option) {
    if (lines.length > 0) {
      state.msg = 'section removed'
      state.changed = true
    }
    return []
  }
  const active = optionMatcher(s.option, false)
  let kept = lines
  if (s.exclusive) kept = lines.filter((line) => !active(line))
  else if (values.length > 0) kept = lines.filter((line) => !values.includes(active(line)?.[6] ?? '\0none'))
  if (kept.length !== lines.length) {
    state.changed = true
    state.msg = 'option changed'
  }
  return kept
}
