// Module arguments checked at run time: Ansible's conversions, defaults, aliases,
// free-form text, unknown/missing parameters and cross-parameter rules, with Ansible's
// wording (plus "did you mean").
import { expect } from 'chai'
import { TsplayError, type SourcePos } from '../../../engine/errors.js'
import { ok, type ModuleDefinition } from '../../../engine/module.js'
import { compileModuleSchema, ModuleArgsError, validateModuleParams } from '../../../engine/load/module-params.js'

const POS: SourcePos = { file: 'lab.yml', line: 12, column: 7 }

function moduleWith(params: Record<string, unknown>, extra: Partial<ModuleDefinition> = {}): ModuleDefinition {
  return { name: 'libvirt_net', description: 'test', examples: [], params, run: async () => ok(), ...extra }
}

const NET = moduleWith(
  {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string' },
      bridge: { type: 'string' },
      state: { enum: ['present', 'absent'], default: 'present' },
      autostart: { type: 'boolean', default: true },
      mtu: { type: 'integer', minimum: 576 },
      ratio: { type: 'number' },
      dns: { type: 'array', items: { type: 'string' } },
      groups: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
      options: { type: 'object' },
      xml: { type: 'string' },
      template: { type: 'string' },
      disks: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['size'],
          properties: { size: { type: 'integer' }, pool: { type: 'string', default: 'default' } },
        },
      },
    },
    allOf: [
      { not: { required: ['xml', 'template'] } },
      { if: { properties: { state: { const: 'present' } }, required: ['state'] }, then: { required: ['bridge'] } },
      { dependencies: { mtu: ['bridge'] } },
    ],
  },
  { aliases: { name: ['net', 'network'] } },
)

describe('validateModuleParams: accepted arguments', () => {
  const cases: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
    ['fills defaults', { name: 'lab', bridge: 'br0' }, { name: 'lab', bridge: 'br0', state: 'present', autostart: true }],
    ['"yes" → true for a boolean', { name: 'n', bridge: 'b', autostart: 'yes' }, { name: 'n', bridge: 'b', autostart: true, state: 'present' }],
    ['"off" → false', { name: 'n', bridge: 'b', autostart: 'off' }, { name: 'n', bridge: 'b', autostart: false, state: 'present' }],
    ['0 → false', { name: 'n', bridge: 'b', autostart: 0 }, { name: 'n', bridge: 'b', autostart: false, state: 'present' }],
    ['"1500" → 1500 for an integer', { name: 'n', bridge: 'b', mtu: '1500' }, { name: 'n', bridge: 'b', mtu: 1500, state: 'present', autostart: true }],
    ['"0.5" → 0.5 for a number', { name: 'n', bridge: 'b', ratio: '0.5' }, { name: 'n', bridge: 'b', ratio: 0.5, state: 'present', autostart: true }],
    ['5 → "5" for a string', { name: 5, bridge: 'b' }, { name: '5', bridge: 'b', state: 'present', autostart: true }],
    ['true → "True" for a string (Python str)', { name: 'n', bridge: true }, { name: 'n', bridge: 'True', state: 'present', autostart: true }],
    ['"a,b" → a list', { name: 'n', bridge: 'b', dns: '1.1.1.1,8.8.8.8' }, { name: 'n', bridge: 'b', dns: ['1.1.1.1', '8.8.8.8'], state: 'present', autostart: true }],
    ['list items converted', { name: 'n', bridge: 'b', dns: [1, 'x'] }, { name: 'n', bridge: 'b', dns: ['1', 'x'], state: 'present', autostart: true }],
    ['anyOf keeps a matching value', { name: 'n', bridge: 'b', groups: ['a'] }, { name: 'n', bridge: 'b', groups: ['a'], state: 'present', autostart: true }],
    ['k=v string → mapping', { name: 'n', bridge: 'b', options: 'a=1 b="x y"' }, { name: 'n', bridge: 'b', options: { a: '1', b: 'x y' }, state: 'present', autostart: true }],
    ['JSON string → mapping', { name: 'n', bridge: 'b', options: '{"a": 1}' }, { name: 'n', bridge: 'b', options: { a: 1 }, state: 'present', autostart: true }],
    [
      'nested items converted and defaulted',
      { name: 'n', bridge: 'b', disks: [{ size: '10' }] },
      { name: 'n', bridge: 'b', disks: [{ size: 10, pool: 'default' }], state: 'present', autostart: true },
    ],
    ['an alias', { net: 'lab', bridge: 'b' }, { name: 'lab', bridge: 'b', state: 'present', autostart: true }],
    ['null counts as not given', { name: 'n', bridge: 'b', state: null }, { name: 'n', bridge: 'b', state: 'present', autostart: true }],
    ['state absent needs no bridge', { name: 'n', state: 'absent' }, { name: 'n', state: 'absent', autostart: true }],
    ['_variable_params under explicit arguments', { _variable_params: { name: 'a', bridge: 'b' }, name: 'c' }, { name: 'c', bridge: 'b', state: 'present', autostart: true }],
  ]
  for (const [name, args, expected] of cases) {
    it(name, () => expect(validateModuleParams(NET, args, POS)).to.deep.equal(expected))
  }

  it('does not change the arguments it was given', () => {
    const args = { name: 'n', bridge: 'b', disks: [{ size: '1' }] }
    validateModuleParams(NET, args, POS)
    expect(args).to.deep.equal({ name: 'n', bridge: 'b', disks: [{ size: '1' }] })
  })

  it('warns when an option and its alias are both set; the alias wins', () => {
    const warnings: string[] = []
    const params = validateModuleParams(NET, { name: 'a', net: 'b', bridge: 'x' }, POS, { onWarning: (m) => warnings.push(m) })
    expect(params.name).to.equal('b')
    expect(warnings).to.deep.equal(['Both option name and its alias net are set.'])
  })

  it('free-form text goes to the parameter the module names', () => {
    const mod = moduleWith({ type: 'object', additionalProperties: false, properties: { cmd: { type: 'string' } } }, { name: 'run', freeForm: 'cmd' })
    expect(validateModuleParams(mod, { _raw_params: 'ls -l' })).to.deep.equal({ cmd: 'ls -l' })
  })

  it('modules with open schemas take any parameter', () => {
    const mod = moduleWith({ type: 'object', properties: { cacheable: { type: 'boolean', default: false } } }, { name: 'set_fact' })
    expect(validateModuleParams(mod, { anything: 1, cacheable: 'yes' })).to.deep.equal({ anything: 1, cacheable: true })
  })
})

describe('validateModuleParams: rejected arguments', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['unknown parameter with suggestion', { name: 'n', brige: 'br0' }, "unknown parameter 'brige' for libvirt_net; did you mean 'bridge'?"],
    ['unknown parameter without suggestion', { name: 'n', bridge: 'b', zzz: 1 }, "unknown parameter 'zzz' for libvirt_net"],
    ['missing required', { bridge: 'b' }, 'missing required arguments: name'],
    ['bad enum value with suggestion', { name: 'n', bridge: 'b', state: 'presnt' }, "value of state must be one of: present, absent, got: presnt; did you mean 'present'?"],
    [
      'not a boolean',
      { name: 'n', bridge: 'b', autostart: 'maybe' },
      "argument 'autostart' is of type str and we were unable to convert to bool: The value 'maybe' is not a valid boolean. " +
        "Valid booleans include: 'y', 'yes', 'on', '1', 'true', 't', 'n', 'no', 'off', '0', 'false', 'f'",
    ],
    ['not an integer', { name: 'n', bridge: 'b', mtu: 'big' }, "argument 'mtu' is of type str and we were unable to convert to int: invalid literal for int() with base 10: 'big'"],
    ['a float for an integer', { name: 'n', bridge: 'b', mtu: 1500.5 }, "argument 'mtu' is of type float and we were unable to convert to int: float cannot be converted to an int"],
    ['a mapping for a string', { name: { a: 1 }, bridge: 'b' }, "argument 'name' is of type dict and we were unable to convert to str: dict cannot be converted to a str"],
    ['a mapping for a list', { name: 'n', bridge: 'b', dns: { a: 1 } }, "argument 'dns' is of type dict and we were unable to convert to list: dict cannot be converted to a list"],
    ['below the minimum', { name: 'n', bridge: 'b', mtu: 100 }, "argument 'mtu' must be >= 576, got the number 100"],
    ['mutually exclusive', { name: 'n', bridge: 'b', xml: 'a', template: 'b' }, 'parameters are mutually exclusive: xml|template'],
    ['required_if on a defaulted value', { name: 'n' }, 'state is present but all of the following are missing: bridge'],
    ['required_by', { name: 'n', state: 'absent', mtu: 1500 }, "missing parameter(s) required by 'mtu': bridge"],
    ['nested missing', { name: 'n', bridge: 'b', disks: [{ pool: 'x' }] }, 'missing required arguments: size found in disks -> 0'],
    ['nested unknown', { name: 'n', bridge: 'b', disks: [{ size: 1, pol: 'x' }] }, "unknown parameter 'pol' in 'disks.0' for libvirt_net; did you mean 'pool'?"],
    ['_variable_params that is not a mapping', { _variable_params: 'x' }, "the arguments of libvirt_net must be a mapping, but the template gave the string 'x'"],
    ['free-form text for a module without free form', { name: 'n', _raw_params: 'x' }, 'libvirt_net does not take free-form arguments; write them as key=value pairs or as a mapping'],
  ]
  for (const [name, args, message] of cases) {
    it(name, () => {
      let caught: unknown
      try {
        validateModuleParams(NET, args, POS)
      } catch (err) {
        caught = err
      }
      expect(caught).to.be.instanceOf(ModuleArgsError)
      expect((caught as ModuleArgsError).message).to.equal(message)
      expect((caught as ModuleArgsError).pos).to.deep.equal(POS)
    })
  }

  it('lists the supported parameters as a hint for unknown ones', () => {
    const err = (() => {
      try {
        validateModuleParams(NET, { name: 'n', brige: 'b' }, POS)
      } catch (e) {
        return e as ModuleArgsError
      }
    })()
    expect(err?.hint).to.equal('supported parameters: autostart, bridge, disks, dns, groups, mtu, name, net, network, options, ratio, state, template, xml')
  })

  it('collects every problem, several missing arguments in one message', () => {
    const mod = moduleWith({ type: 'object', required: ['a', 'b'], properties: { a: {}, b: {}, n: { type: 'integer' } } })
    let caught: ModuleArgsError | undefined
    try {
      validateModuleParams(mod, { n: 'x' })
    } catch (err) {
      caught = err as ModuleArgsError
    }
    expect(caught?.message).to.equal('missing required arguments: a, b')
    expect(caught?.errors).to.have.length(2)
  })

  it('one-of-required groups', () => {
    const mod = moduleWith({
      type: 'object',
      properties: { path: { type: 'string' }, src: { type: 'string' } },
      oneOf: [{ required: ['path'] }, { required: ['src'] }],
    })
    expect(() => validateModuleParams(mod, {})).to.throw(ModuleArgsError, 'one of the following is required: path, src')
    expect(() => validateModuleParams(mod, { path: 'a', src: 'b' })).to.throw(ModuleArgsError, 'parameters are mutually exclusive: path|src')
  })

  it('an invalid module schema is reported by name', () => {
    const mod = moduleWith({ type: 'object', properties: { a: { type: 'strng' } } }, { name: 'broken' })
    expect(() => compileModuleSchema(mod)).to.throw(TsplayError, /the parameter schema of module 'broken' is invalid/)
  })
})
