// raw: hand a command line to the target's shell as it is written. Nothing else is
// involved (no files copied, no interpreter needed), which is what bootstrapping needs.
import { change, defineModule, fail } from '../engine/module.js'
import { withLines } from './lib/command-run.js'

interface RawParams {
  _raw_params: string
  executable?: string
}

export default defineModule<RawParams>({
  name: 'raw',
  description:
    "Run a command line through the target's shell, without any processing. Always reports changed; " +
    'a non-zero exit code fails the task. Skipped in check mode.',
  freeForm: '_raw_params',
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['_raw_params'],
    properties: {
      _raw_params: { type: 'string', description: 'The command line to run (free form).' },
      executable: { type: 'string', description: 'The shell that runs the command (an absolute path), default /bin/sh.' },
    },
  },
  examples: [
    `- name: Install python where there is none
  raw: test -e /usr/bin/python3 || (apt-get -y update && apt-get install -y python3-minimal)`,
  ],
  async run(host, p, ctx) {
    // ansible-core skips raw in check mode without a message.
    if (ctx.checkMode) return { kind: 'skip', result: {} }
    // Over ssh in a terminal, as Ansible runs raw (`ssh -tt`): CRLF line ends, stderr in stdout.
    const r = await host.exec({ script: p._raw_params, shell: p.executable }, { terminal: true })
    const result = withLines({ rc: r.rc, stdout: r.stdout, stderr: r.stderr })
    if (r.rc !== 0) return fail('non-zero return code', { ...result, changed: true })
    return change(result)
  },
})
