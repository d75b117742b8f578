// vars_prompt, as ansible-playbook asks it: before the play starts, each variable not given
// with -e is asked on the terminal ("prompt [default]: ", hidden unless private: false;
// confirm asks twice). Without a terminal nothing is asked: a warning, then the default —
// or the text "None" when there is none, as Ansible's to_text(None) makes it. The fields
// may use extra vars and play vars. The answers become play vars.
import { TsplayError } from '../errors.js'
import type { Play } from '../load/model.js'
import { askSecrets } from '../util/ask-secrets.js'
import { ansibleBool } from '../util/boolean.js'
import { lazyVars } from '../vars/lazy.js'
import { mergeLayers } from '../vars/layers.js'
import type { RunContext } from './context.js'

interface PromptSpec {
  name: string
  prompt?: string
  default?: unknown
  private?: unknown
  confirm?: unknown
  encrypt?: string
  unsafe?: unknown
}

const MISMATCH = '***** VALUES ENTERED DO NOT MATCH ****'

export async function askVarsPrompt(ctx: RunContext, play: Play, interactive = Boolean(process.stdin.isTTY)): Promise<void> {
  const raw = play.keywords.vars_prompt
  if (raw === undefined || raw === null) return
  const scope = lazyVars(mergeLayers([{ values: play.vars }, { values: ctx.extraVars }]), (v, s) => ctx.templar.template(v, s, { pos: play.pos }))
  const specs = ctx.templar.template(Array.isArray(raw) ? raw : [raw], scope, { pos: play.pos }) as PromptSpec[]
  for (const spec of specs) {
    if (spec.name in ctx.extraVars) continue
    if (spec.encrypt !== undefined) {
      throw new TsplayError(`vars_prompt '${spec.name}': encrypt (${spec.encrypt}) is not supported by tsplay`, { pos: play.pos, hint: 'hash the value in a task with the password_hash filter instead' })
    }
    let answer: string | undefined
    if (interactive) answer = await ask(spec)
    else ctx.warn('Not prompting as we are not in interactive mode')
    const value = !answer && spec.default !== undefined && spec.default !== null ? spec.default : (answer ?? 'None')
    play.vars = { ...play.vars, [spec.name]: value }
  }
}

async function ask(spec: PromptSpec): Promise<string> {
  const text = spec.prompt ?? `input for ${spec.name}`
  const message = spec.default !== undefined && spec.default !== null ? `${text} [${String(spec.default)}]: ` : `${text}: `
  const echo = !ansibleBool(spec.private ?? true)
  for (;;) {
    const [first] = await askSecrets([message], process.stdin, process.stderr, { echo })
    if (!ansibleBool(spec.confirm)) return first ?? ''
    const [second] = await askSecrets([`confirm ${message}`], process.stdin, process.stderr, { echo })
    if (first === second) return first ?? ''
    process.stderr.write(`${MISMATCH}\n`)
  }
}
