// Every registered module keeps the module contract: a schema that compiles (with defaults
// and descriptions), a description, examples that parse as tasks and whose parameters
// validate, and an explicit check-mode story.
import { expect } from 'chai'
import { builtinModules } from '../../../modules/index.js'
import { compileModuleSchema, validateModuleParams } from '../../../engine/load/module-params.js'
import { parseYaml } from '../../../engine/load/yaml.js'
import { splitTask } from '../../../engine/load/keywords.js'

const names = Object.keys(builtinModules).sort()

type Schema = { description?: string; properties?: Record<string, Schema>; items?: Schema }

/** Every property of a schema, nested objects and array items included, by dotted path. */
function properties(schema: Schema, prefix = ''): [string, Schema][] {
  return Object.entries(schema.properties ?? {}).flatMap(([name, sub]) => {
    const path = `${prefix}${name}`
    const nested = sub.items ?? sub
    return [[path, sub] as [string, Schema], ...(nested.properties ? properties(nested, `${path}.`) : [])]
  })
}
const known = new Set([...names, 'include_tasks', 'import_tasks', 'include_role', 'import_role'])

describe('module conformance', () => {
  it('the registry is not empty and every key is the module name', () => {
    expect(names.length).to.be.at.least(16)
    for (const name of names) expect(builtinModules[name].name, name).to.equal(name)
  })
  for (const name of names) {
    describe(name, () => {
      const def = builtinModules[name]
      it('has a description and a schema that compiles', () => {
        expect(def.description, 'description').to.be.a('string').with.length.above(10)
        expect(() => compileModuleSchema(def)).to.not.throw()
        expect(def.params.type, 'params is an object schema').to.equal('object')
      })
      it('documents every parameter', () => {
        const props = (def.params.properties ?? {}) as Record<string, { description?: string }>
        for (const [param, schema] of Object.entries(props)) {
          if (param.startsWith('_')) continue
          expect(schema.description, `${name}.${param} has a description`).to.be.a('string').and.not.equal('')
        }
      })
      it('has examples that parse and validate', () => {
        expect(def.examples.length, 'at least one example').to.be.at.least(1)
        for (const example of def.examples) {
          const tasks = parseYaml(example, `${name}.example`)
          const list = Array.isArray(tasks) ? tasks : [tasks]
          for (const raw of list) {
            const { action, args } = splitTask(raw as Record<string, unknown>, (n) => known.has(n))
            if (action !== name) continue
            expect(() => validateModuleParams(def, args), `${name} example: ${example}`).to.not.throw()
          }
        }
      })
      it('states its check-mode support', () => {
        // Only tempfile cannot predict its effect (a random name), as in Ansible: check mode skips it.
        expect(def.supportsCheckMode, 'supportsCheckMode').to.equal(name !== 'tempfile')
      })
    })
  }
})
