// The system modules keep the module contract before they are registered: a schema
// that compiles, documented parameters, examples that parse and validate.
import { expect } from 'chai'
import type { ModuleDefinition } from '../../../../engine/module.js'
import { compileModuleSchema, validateModuleParams } from '../../../../engine/load/module-params.js'
import { parseYaml } from '../../../../engine/load/yaml.js'
import { splitTask } from '../../../../engine/load/keywords.js'
import apt from '../../../../modules/apt.js'
import authorized_key from '../../../../modules/authorized_key.js'
import dnf from '../../../../modules/dnf.js'
import get_url from '../../../../modules/get_url.js'
import group from '../../../../modules/group.js'
import hostname from '../../../../modules/hostname.js'
import modprobe from '../../../../modules/modprobe.js'
import pkg from '../../../../modules/package.js'
import service from '../../../../modules/service.js'
import systemd from '../../../../modules/systemd.js'
import unarchive from '../../../../modules/unarchive.js'
import user from '../../../../modules/user.js'
import yum from '../../../../modules/yum.js'

const modules: ModuleDefinition[] = [apt, authorized_key, dnf, get_url, group, hostname, modprobe, pkg, service, systemd, unarchive, user, yum]
const known = new Set(modules.map((m) => m.name))

describe('system modules conformance', () => {
  for (const def of modules) {
    describe(def.name, () => {
      it('has a description and a schema that compiles', () => {
        expect(def.description).to.be.a('string').with.length.above(10)
        expect(() => compileModuleSchema(def)).to.not.throw()
        expect(def.params.type).to.equal('object')
        expect(def.supportsCheckMode).to.equal(true)
      })
      it('documents every parameter', () => {
        for (const [param, schema] of Object.entries((def.params.properties ?? {}) as Record<string, { description?: string }>)) {
          expect(schema.description, `${def.name}.${param}`).to.be.a('string').and.not.equal('')
        }
      })
      it('has examples that parse and validate', () => {
        expect(def.examples.length).to.be.at.least(1)
        for (const example of def.examples) {
          for (const raw of [parseYaml(example, `${def.name}.example`)].flat()) {
            const { action, args } = splitTask(raw as Record<string, unknown>, (n) => known.has(n))
            expect(action).to.equal(def.name)
            if (JSON.stringify(args).includes('{{')) continue
            expect(() => validateModuleParams(def, args), example).to.not.throw()
          }
        }
      })
    })
  }
})
