// The lab modules of this folder keep the module contract the registry's conformance
// test checks (they are checked here too, before and after they are registered).
import { expect } from 'chai'
import { compileModuleSchema, validateModuleParams } from '../../../../engine/load/module-params.js'
import { splitTask } from '../../../../engine/load/keywords.js'
import { parseYaml } from '../../../../engine/load/yaml.js'
import type { ModuleDefinition } from '../../../../engine/module.js'
import kvmNested from '../../../../modules/kvm_nested.js'
import netplan from '../../../../modules/netplan.js'
import sysctl from '../../../../modules/sysctl.js'

const modules: ModuleDefinition[] = [sysctl, kvmNested, netplan]

describe('lab modules keep the module contract', () => {
  for (const def of modules) {
    it(`${def.name}: schema compiles, every parameter is documented, examples validate`, () => {
      expect(def.description).to.have.length.above(10)
      expect(() => compileModuleSchema(def)).to.not.throw()
      for (const [param, schema] of Object.entries(def.params.properties as Record<string, { description?: string }>)) {
        expect(schema.description, `${def.name}.${param}`).to.be.a('string').and.not.equal('')
      }
      for (const example of def.examples) {
        const tasks = parseYaml(example, `${def.name}.example`) as Record<string, unknown>[]
        const { action, args } = splitTask(tasks[0]!, (n) => n === def.name)
        expect(action).to.equal(def.name)
        expect(() => validateModuleParams(def, args), example).to.not.throw()
      }
      expect(def.supportsCheckMode).to.equal(true)
    })
  }
})
