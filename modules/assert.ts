// assert: check conditions the way `when:` evaluates them; the first false one fails
// the task and is named in the result.
import { defineModule, ok } from '../engine/module.js'

type Message = string | string[]

interface AssertParams {
  that: unknown
  msg?: Message
  fail_msg?: Message
  success_msg: Message
  quiet: boolean
}

const message = { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] }

export default defineModule<AssertParams>({
  name: 'assert',
  description:
    'Check that expressions are true (evaluated like `when:`). Fails on the first false one with fail_msg, ' +
    'naming the assertion; otherwise reports success_msg. Runs on the controller and changes nothing.',
  controllerOnly: true,
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['that'],
    properties: {
      that: { description: 'A condition or a list of conditions, written like `when:` (without {{ }}).' },
      fail_msg: { ...message, description: 'Message of the failure (alias: msg). Default "Assertion failed".' },
      msg: { ...message, description: 'Same as fail_msg.' },
      success_msg: { ...message, default: 'All assertions passed', description: 'Message when every condition holds.' },
      quiet: { type: 'boolean', default: false, description: 'Do not force the result to be shown.' },
    },
  },
  examples: [
    `- name: The lab needs nested KVM and enough memory
  assert:
    that:
      - ansible_memtotal_mb >= 16000
      - "'vmx' in cpu_flags or 'svm' in cpu_flags"
    fail_msg: this machine cannot host the lab`,
  ],
  async run(_host, p, ctx) {
    const conditions = Array.isArray(p.that) ? p.that : [p.that]
    const verbose = p.quiet ? {} : { _ansible_verbose_always: true }
    for (const condition of conditions) {
      if (!ctx.condition(condition)) {
        const msg = p.fail_msg ?? p.msg ?? 'Assertion failed'
        return { kind: 'fail', result: { evaluated_to: false, assertion: condition, msg, ...verbose } }
      }
    }
    return ok({ msg: p.success_msg, ...verbose })
  },
})
