import { expect } from 'chai'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadCustomModules } from '../../../engine/modules-loader.js'
import { TsplayError } from '../../../engine/errors.js'
import { FakeHost, fakeContext } from './fake-host.js'

const moduleUrl = new URL('../../../engine/module.ts', import.meta.url).href

function moduleSource(name: string, typed: boolean): string {
  const param = typed ? 'p: { who: string }' : 'p'
  return `import { defineModule, ok } from '${moduleUrl}'
export default defineModule({
  name: '${name}',
  description: 'says hello',
  params: { type: 'object', properties: { who: { type: 'string' } } },
  examples: ['- ${name}: { who: lab }'],
  async run(_host, ${param}) { return ok({ greeting: 'hello ' + p.who }) },
})
`
}

describe('loadCustomModules', () => {
  let root: string
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tsplay-modules-'))
  })
  afterEach(() => rmSync(root, { recursive: true, force: true }))

  it('loads .ts and .mjs modules without a build step, skipping missing folders', async function () {
    this.timeout(20000)
    mkdirSync(join(root, 'modules'))
    mkdirSync(join(root, 'library'))
    writeFileSync(join(root, 'modules', 'greet.ts'), moduleSource('greet', true))
    writeFileSync(join(root, 'library', 'hello.mjs'), moduleSource('hello', false))
    writeFileSync(join(root, 'library', 'notes.txt'), 'not a module')
    const modules = await loadCustomModules([join(root, 'modules'), join(root, 'library'), join(root, 'absent')])
    expect(Object.keys(modules).sort()).to.deep.equal(['greet', 'hello'])
    const out = await modules.greet!.run(new FakeHost(), { who: 'lab' }, fakeContext())
    expect(out).to.deep.equal({ kind: 'ok', result: { greeting: 'hello lab' } })
    expect(modules.hello!.supportsCheckMode).to.equal(true)
  })

  const broken: [string, string, RegExp][] = [
    ['no default export', 'export const x = 1\n', /is not a module: it has no default export/],
    ['an incomplete definition', 'export default { name: "bad", description: "x" }\n', /is not a valid module: missing or wrong params, examples, run/],
    ['a syntax error', 'export default {\n', /cannot load the module file .*bad\.mjs/],
    ['a name that is not the file name', moduleSource('other', false), /defines the module 'other', but its file name makes it 'bad'/],
  ]
  for (const [title, source, message] of broken) {
    it(`names the file when it has ${title}`, async () => {
      writeFileSync(join(root, 'bad.mjs'), source)
      let caught: unknown
      await loadCustomModules([root]).catch((e) => (caught = e))
      expect(caught).to.be.instanceOf(TsplayError)
      expect((caught as Error).message).to.match(message)
    })
  }
})
