// Keyboard input for the pause module, on the controller's terminal. Ctrl+C asks
// whether to continue early ('c') or abort ('a'), as Ansible's pause does.
import { TsplayError } from '../../engine/errors.js'

export interface TtyWaitOptions {
  /** Stop after this long; without it, wait for Enter. */
  seconds?: number
  /** Collect typed text until Enter (only without `seconds`). */
  collect: boolean
  echo: boolean
  signal?: AbortSignal
  /** Where questions to the user are printed. */
  say(line: string): void
}

const CTRL_C = '\x03'
const BACKSPACES = ['\x7f', '\b']

export function stdinIsInteractive(): boolean {
  return Boolean(process.stdin.isTTY)
}

/** Resolves with what the user typed ('' when the time ran out or input is not collected). */
export function waitOnTerminal(opts: TtyWaitOptions): Promise<string> {
  const stdin = process.stdin
  return new Promise<string>((resolve, reject) => {
    let input = ''
    let askingContinue = false
    const timer = opts.seconds === undefined ? undefined : setTimeout(() => finish(), opts.seconds * 1000)
    const onAbort = (): void => finish(new TsplayError('user requested abort!'))
    function finish(err?: Error): void {
      if (timer) clearTimeout(timer)
      opts.signal?.removeEventListener('abort', onAbort)
      stdin.off('data', onData)
      stdin.setRawMode(false)
      stdin.pause()
      if (err) reject(err)
      else resolve(input)
    }
    function onData(data: Buffer): void {
      for (const key of data.toString('utf8')) {
        if (askingContinue) {
          if (key.toLowerCase() === 'c') return finish()
          if (key.toLowerCase() === 'a') return finish(new TsplayError('user requested abort!'))
        } else if (key === CTRL_C) {
          askingContinue = true
          if (timer) clearTimeout(timer)
          opts.say("Press 'C' to continue the play or 'A' to abort")
        } else if (opts.seconds === undefined && (key === '\r' || key === '\n')) {
          if (opts.echo) process.stdout.write('\n')
          return finish()
        } else if (opts.collect && opts.seconds === undefined) {
          input = editInput(input, key, opts.echo)
        }
      }
    }
    opts.signal?.addEventListener('abort', onAbort, { once: true })
    stdin.setRawMode(true)
    stdin.resume()
    stdin.on('data', onData)
  })
}

function editInput(input: string, key: string, echo: boolean): string {
  if (BACKSPACES.includes(key)) {
    if (echo && input) process.stdout.write('\b \b')
    return input.slice(0, -1)
  }
  if (echo) process.stdout.write(key)
  return input + key
}
