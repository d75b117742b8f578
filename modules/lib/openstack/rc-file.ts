// OpenStack credentials from an rc file such as the undercloud's stackrc, read without a
// shell: only plain `export OS_NAME=value` lines count (quoted or not). A value the shell
// would compute ($VAR, $(…), `…`) cannot be known without running the file, so it is an
// error that names the line rather than a silently wrong credential.

export interface RcProblem {
  line: number
  message: string
}

export interface RcEnv {
  env: Record<string, string>
  problems: RcProblem[]
}

const EXPORT = /^\s*export\s+(OS_[A-Za-z0-9_]+)=(.*)$/

/** The OS_* variables an rc file exports, and the lines whose value needs a shell. */
export function parseRcFile(text: string): RcEnv {
  const env: Record<string, string> = {}
  const problems: RcProblem[] = []
  text.split('\n').forEach((raw, index) => {
    const m = EXPORT.exec(raw)
    if (!m) return
    const value = shellWord(m[2]!.trim())
    if (value === undefined) problems.push({ line: index + 1, message: `${m[1]} is computed by the shell (${m[2]!.trim()}); set it through the auth parameter instead` })
    else env[m[1]!] = value
  })
  return { env, problems }
}

/** One shell word without expansions: bare, 'single' or "double" quoted; undefined if it expands. */
function shellWord(word: string): string | undefined {
  const withoutComment = word.replace(/\s+#.*$/, '')
  const single = /^'([^']*)'$/.exec(withoutComment)
  if (single) return single[1]
  const double = /^"((?:[^"\\$`]|\\.)*)"$/.exec(withoutComment)
  if (double) return double[1]!.replace(/\\(.)/g, '$1')
  if (/^(?:[^\s'"\\$`;&|<>()]|\\.)*$/.test(withoutComment)) return withoutComment.replace(/\\(.)/g, '$1')
  return undefined
}
