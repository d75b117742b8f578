// The VirtualBMC, introspection and undercloud modules keep the module contract: schema
// compiles, every parameter documented, examples validate, check mode supported.
import { expect } from 'chai'
import { splitTask } from '../../../../engine/load/keywords.js'
import { compileModuleSchema, validateModuleParams } from '../../../../engine/load/module-params.js'
import { parseYaml } from '../../../../engine/load/yaml.js'
import type { ModuleDefinition } from '../../../../engine/module.js'
import nodeIntrospect from '../../../../modules/node_introspect.js'
import undercloudInstall from '../../../../modules/undercloud_install.js'
import vbmc from '../../../../modules/vbmc.js'

const modules: ModuleDefinition[] = [vbmc, nodeIntrospect, undercloudInstall]

describe('vbmc, node_introspect and undercloud_install keep the module contract', () => {
  for (const def of modules) {
    it(def.name, () => {
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
