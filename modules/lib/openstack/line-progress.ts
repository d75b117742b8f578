// Long commands (undercloud install, ~20 min) stream their output: complete lines are
// passed on as progress while the command runs, the unfinished rest waits for more.

export function lineProgress(progress: (line: string) => void, prefix = ''): { onStdout(chunk: string): void; flush(): void } {
  let partial = ''
  const emit = (line: string) => {
    if (line.trim()) progress(`${prefix}${line.trimEnd()}`)
  }
  return {
    onStdout(chunk) {
      const lines = (partial + chunk).split('\n')
      partial = lines.pop()!
      lines.forEach(emit)
    },
    flush() {
      emit(partial)
      partial = ''
    },
  }
}
