// async_status: the state of a job started by a task with `async` and `poll: 0` —
// finished 0 while it runs, then its result (with finished 1) — or, with mode=cleanup,
// forget it. Usually looped with `until: job.finished`.
import { change, defineModule, fail, ok } from '../engine/module.js'

export default defineModule<{ jid: string; mode: 'status' | 'cleanup' }>({
  name: 'async_status',
  description: "Report the state of an async job (its result once finished), or forget it with mode=cleanup.",
  controllerOnly: true,
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['jid'],
    properties: {
      jid: { type: 'string', minLength: 1, description: 'The ansible_job_id a task with async and poll 0 registered.' },
      mode: { type: 'string', enum: ['status', 'cleanup'], default: 'status', description: 'status reports; cleanup forgets the job.' },
    },
  },
  examples: [
    `- name: Wait for the undercloud install started in the background
  async_status:
    jid: "{{ install.ansible_job_id }}"
  register: job
  until: job.finished
  retries: 120
  delay: 30`,
  ],
  async run(_host, p, ctx) {
    const status = ctx.asyncStatus?.(p.jid, p.mode)
    if (!status) return fail('async jobs are not available here')
    const { failed, msg, changed, ...rest } = status
    if (failed === true) return fail(String(msg ?? 'async job failed'), { ...rest, changed: changed ?? false })
    const result = msg === undefined ? rest : { ...rest, msg }
    return changed === true ? change(result) : ok(result)
  },
})
