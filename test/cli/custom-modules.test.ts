// Custom modules: a .ts file in the project's modules/ and a .js file in a role's library/
// work with no build step, with check mode honoured by the engine.
import { expect } from 'chai'
import { readFileSync, existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot, scratch, tsplay } from './helpers.js'

const moduleApi = join(repoRoot, 'engine', 'module.ts')

const tsModule = `import { defineModule, ok, change } from ${JSON.stringify(moduleApi)}
export default defineModule({
  name: 'motd',
  description: 'Write a message of the day file.',
  params: { type: 'object', required: ['path', 'text'], additionalProperties: false,
    properties: { path: { type: 'string', description: 'file' }, text: { type: 'string', description: 'message' } } },
  examples: ['- motd: { path: /tmp/motd, text: hi }'],
  async run(host, p: { path: string; text: string }) {
    const current = await host.read(p.path).catch(() => undefined)
    if (current === p.text) return ok({ path: p.path })
    return change({ diff: { before: current ?? '', after: p.text }, path: p.path, apply: () => host.write(p.path, p.text) })
  },
})
`

const jsModule = `export default {
  name: 'shout', description: 'Return the text in capitals.', examples: ['- shout: { text: hi }'],
  supportsCheckMode: true,
  params: { type: 'object', required: ['text'], properties: { text: { type: 'string', description: 'text' } } },
  async run(_host, p) { return { kind: 'ok', result: { loud: p.text.toUpperCase() } } },
}
`

describe('custom modules', function () {
  this.timeout(60_000)
  it('a .ts module in modules/ and a .js module in a role library/ run without a build step', () => {
    const dir = scratch({
      'modules/motd.ts': tsModule,
      'roles/loud/library/shout.js': jsModule,
      'roles/loud/tasks/main.yml': '- shout: { text: "{{ word }}" }\n  register: s\n- debug: var=s.loud\n',
      'playbook.yml': [
        '- hosts: localhost', '  gather_facts: false', '  vars: { word: lab }',
        '  roles: [loud]', '  tasks:', '    - motd: { path: "{{ playbook_dir }}/motd", text: "hello" }', '',
      ].join('\n'),
    })
    try {
      const check = tsplay(['playbook.yml', '--check'], dir)
      expect(check.code, check.stdout + check.stderr).to.equal(0)
      expect(existsSync(join(dir, 'motd')), 'check mode wrote nothing').to.equal(false)
      const first = tsplay(['playbook.yml'], dir)
      expect(first.code, first.stdout + first.stderr).to.equal(0)
      expect(first.stdout).to.include('"s.loud": "LAB"')
      expect(first.stdout).to.match(/changed: \[localhost\]/)
      expect(readFileSync(join(dir, 'motd'), 'utf8')).to.equal('hello')
      const second = tsplay(['playbook.yml'], dir)
      expect(second.stdout).to.match(/changed=0/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
