// Passwords asked for on the command line (-k, -K), as ansible-playbook asks: each prompt on
// stderr, nothing echoed on a terminal, and when stdin is a pipe one line per prompt (a single
// reader, so a second answer that arrives in the same chunk as the first is not lost).
import { createInterface } from 'node:readline'
import { ExitCode, TsplayError } from '../errors.js'

export async function askSecrets(prompts: string[], input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr, opts: { echo?: boolean } = {}): Promise<string[]> {
  if (prompts.length === 0) return []
  const terminal = Boolean(input.isTTY)
  const rl = createInterface({ input, output, terminal })
  // readline echoes typed keys through this method; the prompts are written below instead.
  // With echo (a prompt that is not private) what is typed shows as usual.
  if (!opts.echo) (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined
  const lines: string[] = []
  let wake: (() => void) | undefined
  let ended = false
  let interrupted = false
  const nudge = () => {
    wake?.()
    wake = undefined
  }
  rl.on('line', (line) => {
    lines.push(line)
    nudge()
  })
  rl.on('close', () => {
    ended = true
    nudge()
  })
  // Ctrl-C at a prompt on a terminal (raw mode turns it into a key, not a signal).
  rl.on('SIGINT', () => {
    interrupted = true
    nudge()
  })
  try {
    const answers: string[] = []
    for (const prompt of prompts) {
      output.write(prompt)
      while (lines.length === 0 && !ended && !interrupted) await new Promise<void>((resolve) => (wake = resolve))
      if (terminal && !opts.echo) output.write('\n')
      if (interrupted) throw new TsplayError('User interrupted execution', { exitCode: ExitCode.interrupted })
      // At the end of piped input the answer is empty, as getpass gives.
      answers.push(lines.shift() ?? '')
    }
    return answers
  } finally {
    rl.close()
  }
}
