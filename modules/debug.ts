// debug: show a message or the value of an expression during the run.
import { TemplateError } from '../engine/errors.js'
import { defineModule, ok, type ModuleContext } from '../engine/module.js'
import { isUndefined } from '../engine/template/undefined.js'

interface DebugParams {
  msg?: unknown
  var?: string
  verbosity: number
}

const NOT_DEFINED = 'VARIABLE IS NOT DEFINED!'

export default defineModule<DebugParams>({
  name: 'debug',
  description:
    'Print a message (msg, default "Hello world!") or the value of a variable or expression (var). ' +
    'Runs on the controller and changes nothing; skipped when the run is less verbose than `verbosity`.',
  controllerOnly: true,
  params: {
    type: 'object',
    additionalProperties: false,
    // msg has no schema default on purpose: debug must see whether msg was given next to var.
    properties: {
      msg: { description: 'The message to show (any value). Default "Hello world!".' },
      var: { type: 'string', description: 'A variable name or expression (without {{ }}) whose value is shown.' },
      verbosity: { type: 'integer', minimum: 0, default: 0, description: 'Show only when run with at least this many -v.' },
    },
  },
  examples: [
    `- name: Show the undercloud address
  debug:
    msg: "undercloud is at {{ undercloud_ip }}"`,
    `- name: Show a whole variable
  debug:
    var: libvirt_networks
    verbosity: 1`,
  ],
  async run(_host, p, ctx) {
    if (p.msg !== undefined && p.var !== undefined) return { kind: 'fail', result: { msg: "'msg' and 'var' are incompatible options" } }
    if (p.verbosity > ctx.verbosity) return { kind: 'skip', result: { skipped_reason: 'Verbosity threshold not met.' } }
    const shown = p.var !== undefined ? { [p.var]: evaluateVar(p.var, ctx) } : { msg: p.msg ?? 'Hello world!' }
    // Ansible shows debug results even without -v.
    return ok({ ...shown, _ansible_verbose_always: true })
  },
})

/** The value of `var`, or Ansible's marker text when it is undefined. */
function evaluateVar(expr: string, ctx: ModuleContext): unknown {
  try {
    const value = ctx.evaluate(expr)
    if (isUndefined(value)) return notDefined(value.error().message, ctx)
    return value
  } catch (err) {
    if (err instanceof TemplateError && /undefined/i.test(err.message)) return notDefined(err.message, ctx)
    throw err
  }
}

function notDefined(why: string, ctx: ModuleContext): string {
  return ctx.verbosity > 0 ? `${NOT_DEFINED}: ${why}` : NOT_DEFINED
}
