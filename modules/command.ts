// command: run a program on the target from an argv (no shell: no pipes, globs or
// variables). The free-form text is split into words like Python's shlex.
import { defineModule } from '../engine/module.js'
import { commandParamProperties, runCommandModule, type CommandParams } from './lib/command-run.js'

export default defineModule<CommandParams & { warn?: boolean }>({
  name: 'command',
  description:
    'Run a command on the target without a shell. Reports changed unless creates/removes decide it need not run; ' +
    'a non-zero exit code fails the task. In check mode the command is skipped unless creates/removes are given.',
  freeForm: '_raw_params',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      ...commandParamProperties,
      executable: { type: 'string', description: 'Not used by command (use shell); accepted for compatibility.' },
      warn: { type: 'boolean', description: 'Accepted and ignored (removed from ansible-core).' },
    },
  },
  examples: [
    `- name: List a folder
  command: ls -l /etc/libvirt`,
    `- name: Create a database only once
  command:
    argv: [/usr/bin/make_database.sh, "Initial setup"]
    chdir: /srv/db
    creates: /srv/db/created.flag`,
  ],
  run: (host, p, ctx) => runCommandModule(host, p, ctx, false),
})
