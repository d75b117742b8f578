// The file modules keep the module contract before they are registered: schemas that
// compile under strict ajv, documented parameters, examples that validate.
import { expect } from 'chai'
import { compileModuleSchema, validateModuleParams } from '../../../../engine/load/module-params.js'
import { parseYaml } from '../../../../engine/load/yaml.js'
import type { ModuleDefinition } from '../../../../engine/module.js'
import blockinfile from '../../../../modules/blockinfile.js'
import copy from '../../../../modules/copy.js'
import fetch from '../../../../modules/fetch.js'
import file from '../../../../modules/file.js'
import find from '../../../../modules/find.js'
import iniFile from '../../../../modules/ini_file.js'
import lineinfile from '../../../../modules/lineinfile.js'
import replace from '../../../../modules/replace.js'
import slurp from '../../../../modules/slurp.js'
import stat from '../../../../modules/stat.js'
import tempfile from '../../../../modules/tempfile.js'
import template from '../../../../modules/template.js'

const modules: ModuleDefinition[] = [blockinfile, copy, fetch, file, find, iniFile, lineinfile, replace, slurp, stat, tempfile, template]

describe('file module schemas', () => {
  for (const def of modules) {
    it(`${def.name}: compiles, documents every parameter, and its examples validate`, () => {
      expect(() => compileModuleSchema(def)).to.not.throw()
      for (const [param, schema] of Object.entries(def.params.properties as Record<string, { description?: string }>)) {
        expect(schema.description, `${def.name}.${param}`).to.be.a('string').and.not.equal('')
      }
      for (const example of def.examples) {
        const [task] = parseYaml(example, `${def.name}.example`) as Record<string, unknown>[]
        expect(() => validateModuleParams(def, task![def.name] as Record<string, unknown>), example).to.not.throw()
      }
    })
  }

  const rejected: [ModuleDefinition, Record<string, unknown>, string][] = [
    [lineinfile, { path: '/f', line: 'x', insertafter: 'a', insertbefore: 'b' }, 'parameters are mutually exclusive: insertbefore|insertafter'],
    [lineinfile, { path: '/f', search_string: 'x', backrefs: true, line: 'y' }, 'parameters are mutually exclusive: backrefs|search_string'],
    [iniFile, { path: '/f', value: 'a', values: ['b'] }, 'parameters are mutually exclusive: value|values'],
    [file, { path: '/f', state: 'present' }, 'state'],
    [copy, { dest: '/f', contnet: 'x' }, "unknown parameter 'contnet' for copy"],
  ]
  for (const [def, args, msg] of rejected) {
    it(`${def.name} rejects ${JSON.stringify(args)}`, () => {
      expect(() => validateModuleParams(def, args)).to.throw(msg)
    })
  }

  it('takes the usual aliases', () => {
    expect(validateModuleParams(file, { dest: '/f' }).path).to.equal('/f')
    expect(validateModuleParams(lineinfile, { destfile: '/f', regex: 'a', value: 'b' })).to.include({ path: '/f', regexp: 'a', line: 'b' })
    expect(validateModuleParams(find, { path: '/a,/b', pattern: '*.log' })).to.deep.include({ paths: ['/a', '/b'], patterns: ['*.log'] })
    expect(validateModuleParams(file, { path: '/f', mode: 420 }).mode).to.equal(420)
  })
})
