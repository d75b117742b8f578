// Passphrases of encrypted identity files, asked on the terminal as ssh asks them — but
// once per file for the whole run, not once per host: every connection that needs the
// key waits for the one answer. Without a terminal nobody can answer, and the refusal
// says the key is encrypted.
import { ExitCode, TsplayError } from '../errors.js'
import { askSecrets } from '../util/ask-secrets.js'

export type AskPassphrase = (file: string) => Promise<string | undefined>

export function passphrasePrompter(interactive = Boolean(process.stdin.isTTY)): AskPassphrase | undefined {
  if (!interactive) return undefined
  const answers = new Map<string, Promise<string | undefined>>()
  // One prompt on the screen at a time.
  let previous: Promise<unknown> = Promise.resolve()
  return (file) => {
    let answer = answers.get(file)
    if (!answer) {
      answer = previous.then(() => askOnce(file))
      previous = answer
      answers.set(file, answer)
    }
    return answer
  }
}

async function askOnce(file: string): Promise<string | undefined> {
  try {
    const [typed] = await askSecrets([`Enter passphrase for key '${file}': `])
    // As with ssh, an empty answer skips the key.
    return typed ? typed : undefined
  } catch (err) {
    // Ctrl-C at the prompt stops the run as Ctrl-C anywhere else does.
    if (err instanceof TsplayError && err.exitCode === ExitCode.interrupted) process.kill(process.pid, 'SIGINT')
    return undefined
  }
}
