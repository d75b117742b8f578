// meta: the engine's own directives (flush handlers, end the play, ...). The engine
// recognises the task and acts on it itself; this definition gives it a schema,
// documentation and a place in the registry.
import { TsplayError } from '../engine/errors.js'
import { defineModule } from '../engine/module.js'

export const META_ACTIONS = [
  'flush_handlers',
  'refresh_inventory',
  'noop',
  'clear_facts',
  'clear_host_errors',
  'end_play',
  'end_host',
  'end_batch',
  'reset_connection',
] as const

export default defineModule<{ _raw_params: (typeof META_ACTIONS)[number] }>({
  name: 'meta',
  description:
    'Execute an engine directive: flush_handlers, refresh_inventory, noop, clear_facts, clear_host_errors, ' +
    'end_play, end_host, end_batch or reset_connection. Handled by the engine itself; the module never runs.',
  controllerOnly: true,
  freeForm: '_raw_params',
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['_raw_params'],
    properties: {
      _raw_params: { enum: [...META_ACTIONS], description: 'The directive (free form).' },
    },
  },
  examples: [
    `- name: Restart services now rather than at the end of the play
  meta: flush_handlers`,
  ],
  async run(_host, p, ctx) {
    throw new TsplayError(`meta: ${p._raw_params} must be handled by the engine, not run as a module`, { pos: ctx.pos })
  },
})
