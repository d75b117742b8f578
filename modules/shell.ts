// shell: run a command line through a shell on the target (/bin/sh unless
// `executable` names another), so pipes, redirections and variables work.
import { defineModule } from '../engine/module.js'
import { commandParamProperties, runCommandModule, type CommandParams } from './lib/command-run.js'

export default defineModule<CommandParams & { warn?: boolean }>({
  name: 'shell',
  description:
    'Run a command line through a shell on the target. Reports changed unless creates/removes decide it need not run; ' +
    'a non-zero exit code fails the task. In check mode the command is skipped unless creates/removes are given.',
  freeForm: '_raw_params',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      ...commandParamProperties,
      executable: { type: 'string', description: 'The shell that runs the command (an absolute path), default /bin/sh.' },
      warn: { type: 'boolean', description: 'Accepted and ignored (removed from ansible-core).' },
    },
  },
  examples: [
    `- name: Count the running VMs
  shell: virsh list --name | grep -c .`,
    `- name: Use bash features
  shell:
    cmd: set -o pipefail && journalctl -u libvirtd | tail -n 20
    executable: /bin/bash`,
  ],
  run: (host, p, ctx) => runCommandModule(host, p, ctx, true),
})
