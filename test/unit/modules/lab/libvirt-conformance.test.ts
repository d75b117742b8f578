// libvirt_net and vm_domain keep the module contract before they are registered: a
// schema that compiles, documented parameters (nested ones too), examples that parse
// and validate.
import { expect } from 'chai'
import type { ModuleDefinition } from '../../../../engine/module.js'
import { compileModuleSchema, validateModuleParams } from '../../../../engine/load/module-params.js'
import { parseYaml } from '../../../../engine/load/yaml.js'
import { splitTask } from '../../../../engine/load/keywords.js'
import libvirtNet from '../../../../modules/libvirt_net.js'
import vmDomain from '../../../../modules/vm_domain.js'

const modules: ModuleDefinition[] = [libvirtNet, vmDomain]
const known = new Set(modules.map((m) => m.name))

type Schema = { description?: string; properties?: Record<string, Schema>; items?: Schema }

/** Every property of the schema, nested objects and array items included, by dotted path. */
function properties(schema: Schema, prefix = ''): [string, Schema][] {
  return Object.entries(schema.properties ?? {}).flatMap(([name, sub]) => {
    const path = `${prefix}${name}`
    const nested = sub.items ?? sub
    return [[path, sub] as [string, Schema], ...(nested.properties ? properties(nested, `${path}.`) : [])]
  })
}

describe('libvirt modules conformance', () => {
  for (const def of modules) {
    describe(def.name, () => {
      it('has a description and a schema that compiles', () => {
        expect(def.description).to.be.a('string').with.length.above(10)
        expect(() => compileModuleSchema(def)).to.not.throw()
        expect(def.params.type).to.equal('object')
        expect(def.supportsCheckMode).to.equal(true)
      })
      it('documents every parameter, nested ones too', () => {
        for (const [path, schema] of properties(def.params as Schema)) {
          expect(schema.description, `${def.name}.${path}`).to.be.a('string').and.not.equal('')
        }
      })
      it('has examples that parse and validate', () => {
        expect(def.examples.length).to.be.at.least(1)
        for (const example of def.examples) {
          for (const raw of [parseYaml(example, `${def.name}.example`)].flat()) {
            const { action, args } = splitTask(raw as Record<string, unknown>, (n) => known.has(n))
            expect(action).to.equal(def.name)
            expect(() => validateModuleParams(def, args), example).to.not.throw()
          }
        }
      })
    })
  }

  it('fills in nested defaults (NIC model) and refuses unknown nested keys', () => {
    const args = validateModuleParams(vmDomain, { name: 'vm', nics: [{ network: 'prov' }] })
    expect(args).to.deep.include({ nics: [{ network: 'prov', model: 'virtio' }], state: 'present', boot: ['hd'], memory: 1024 })
    expect(() => validateModuleParams(vmDomain, { name: 'vm', disks: [{ sise: 10 }] })).to.throw()
    expect(() => validateModuleParams(libvirtNet, { name: 'n', brige: 'br0' })).to.throw(/brige/)
  })
})
