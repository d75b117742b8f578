// ping: prove that the target can be reached and can run a command.
import { defineModule, fail, ok } from '../engine/module.js'

export default defineModule<{ data: string }>({
  name: 'ping',
  description:
    "Check that the target is reachable and runs commands; returns 'pong' (or `data`). " +
    "data=crash makes the module raise an error, to test failure handling. Changes nothing.",
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      data: { type: 'string', default: 'pong', description: "Value returned as 'ping'. 'crash' raises an error." },
    },
  },
  examples: [
    `- name: Check the hypervisor answers
  ping:`,
  ],
  async run(host, p) {
    if (p.data === 'crash') throw new Error('boom')
    const r = await host.exec(['true'])
    if (r.rc !== 0) return fail(`the target could not run a command (rc ${r.rc}): ${r.stderr.trim()}`, { rc: r.rc })
    return ok({ ping: p.data })
  },
})
