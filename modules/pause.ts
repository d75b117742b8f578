// pause: wait for a time, or for the user to press Enter. Without a terminal on
// stdin a prompt does not wait (user_input is ''), as Ansible does.
import { setTimeout as sleep } from 'node:timers/promises'
import { defineModule, ok, type ModuleContext } from '../engine/module.js'
import { nowMicros, pythonDateTime } from './lib/pytext.js'
import { stdinIsInteractive, waitOnTerminal } from './lib/tty-prompt.js'

interface PauseParams {
  minutes?: number | string
  seconds?: number | string
  prompt?: string
  echo: boolean
}

const duration = { anyOf: [{ type: 'number' }, { type: 'string', pattern: '^\\s*-?\\d+\\s*$' }] }

export default defineModule<PauseParams>({
  name: 'pause',
  description:
    'Pause the play for a number of seconds or minutes, or until Enter is pressed (prompt). ' +
    'Without a terminal on stdin a prompt returns at once with user_input "". Runs on the controller.',
  controllerOnly: true,
  bypassHostLoop: true,
  params: {
    type: 'object',
    additionalProperties: false,
    not: { required: ['minutes', 'seconds'] },
    properties: {
      minutes: { ...duration, description: 'Minutes to pause (whole minutes; less than one second waits one second).' },
      seconds: { ...duration, description: 'Seconds to pause (whole seconds; less than one waits one).' },
      prompt: { type: 'string', description: 'Text shown to the user.' },
      echo: { type: 'boolean', default: true, description: 'Show what the user types (for prompts without a time).' },
    },
  },
  examples: [
    `- name: Give the BMCs time to come up
  pause:
    seconds: 10`,
    `- name: Let the operator check the console
  pause:
    prompt: Check the undercloud console, then press Enter`,
  ],
  async run(_host, p, ctx) {
    const seconds = pauseSeconds(p)
    const start = nowMicros()
    const userInput = seconds === undefined ? await waitForEnter(p, ctx) : await waitFor(seconds, p, ctx)
    const stop = nowMicros()
    const elapsed = (stop - start) / 1e6
    const unit = seconds !== undefined && p.minutes === undefined ? 'seconds' : 'minutes'
    const amount = Math.round((unit === 'minutes' ? elapsed / 60 : elapsed) * 100) / 100
    return ok({
      rc: 0,
      stderr: '',
      stdout: `Paused for ${pythonFloat(amount)} ${unit}`,
      start: pythonDateTime(start),
      stop: pythonDateTime(stop),
      delta: Math.floor(elapsed),
      echo: p.echo,
      user_input: userInput,
    })
  },
})

/** Whole seconds to wait, at least one; undefined means "wait for Enter". */
function pauseSeconds(p: PauseParams): number | undefined {
  const whole = (v: number | string): number => Math.trunc(Number(v))
  const seconds = p.minutes !== undefined ? whole(p.minutes) * 60 : p.seconds !== undefined ? whole(p.seconds) : undefined
  return seconds === undefined ? undefined : Math.max(seconds, 1)
}

function promptText(p: PauseParams, ctx: ModuleContext): string {
  const hidden = p.echo ? '' : ' (output is hidden)'
  return `[${ctx.taskName.trim()}]\n${p.prompt ?? 'Press enter to continue, Ctrl+C to interrupt'}${hidden}:`
}

async function waitFor(seconds: number, p: PauseParams, ctx: ModuleContext): Promise<string> {
  ctx.progress(`Pausing for ${seconds} seconds${p.echo ? '' : ' (output is hidden)'}`)
  ctx.progress("(ctrl+C then 'C' = continue early, ctrl+C then 'A' = abort)")
  if (p.prompt) ctx.progress(promptText(p, ctx))
  if (stdinIsInteractive()) {
    await waitOnTerminal({ seconds, collect: false, echo: false, signal: ctx.signal, say: ctx.progress })
  } else {
    await sleep(seconds * 1000, undefined, { signal: ctx.signal })
  }
  return ''
}

async function waitForEnter(p: PauseParams, ctx: ModuleContext): Promise<string> {
  ctx.progress(promptText(p, ctx))
  if (!stdinIsInteractive()) {
    ctx.progress('[WARNING]: Not waiting for response to prompt as stdin is not interactive')
    return ''
  }
  return waitOnTerminal({ collect: true, echo: p.echo, signal: ctx.signal, say: ctx.progress })
}

/** str(float) in Python: 1.0, 0.5, 1.25. */
function pythonFloat(value: number): string {
  return Number.isInteger(value) ? value.toFixed(1) : String(value)
}
