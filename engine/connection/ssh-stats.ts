// A debug counter of what the ssh transport sends (TSPLAY_SSH_STATS=1): connections,
// exec channels by command and SFTP requests by type, printed on stderr at exit. It
// shows the round trips each module costs; off, it costs one boolean test per call.
const enabled = Boolean(process.env.TSPLAY_SSH_STATS)
const counts = new Map<string, number>()

export function countSsh(what: string): void {
  if (!enabled) return
  counts.set(what, (counts.get(what) ?? 0) + 1)
}

/** An exec'd argv as a short label: the program, or the first words of a `sh -c` script. */
export function execLabel(argv: readonly string[]): string {
  const script = argv[0] === 'sh' && argv[1] === '-c' ? argv[2] : undefined
  return `exec ${script !== undefined ? `sh -c ${JSON.stringify(script.trim().slice(0, 40))}` : argv[0]}`
}

if (enabled) {
  process.on('exit', () => {
    const lines = [...counts].sort((a, b) => b[1] - a[1]).map(([what, n]) => `${String(n).padStart(8)}  ${what}`)
    process.stderr.write(`tsplay ssh stats:\n${lines.join('\n')}\n`)
  })
}
