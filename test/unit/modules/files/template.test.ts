import { expect } from 'chai'
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { Templar } from '../../../../engine/template/index.js'
import template from '../../../../modules/template.js'
import { withRenderOptions } from '../../../../modules/lib/files/template-render.js'
import { Sandbox, runModule, runTwice } from './helpers.js'

describe('template module', () => {
  let box: Sandbox
  let templates: string
  const templar = new Templar()
  const vars = { domain: 'lab.example.com', vms: [{ name: 'ctrl0' }, { name: 'compute0' }] }
  const ctx = () => ({
    findFile: (name: string) => join(templates, name),
    render: (source: string, extra?: Record<string, unknown>) => templar.renderString(source, { ...vars, ...extra }),
  })
  beforeEach(async () => {
    box = await Sandbox.create()
    templates = box.path('templates')
    await fs.mkdir(templates)
    await fs.writeFile(join(templates, 'hosts.j2'), '# {{ ansible_managed }}\n{% for vm in vms %}\n  {% if vm.name %}\n{{ vm.name }}.{{ domain }}\n  {% endif %}\n{% endfor %}\n')
  })
  afterEach(() => box.cleanup())

  const renders: [string, Record<string, unknown>, string][] = [
    // Expected texts are what ansible-playbook 2.14 wrote for the same template.
    ['trim_blocks by default', {}, '# Ansible managed\n  ctrl0.lab.example.com\n    compute0.lab.example.com\n  \n'],
    ['lstrip_blocks', { lstrip_blocks: true }, '# Ansible managed\nctrl0.lab.example.com\ncompute0.lab.example.com\n'],
    ['trim_blocks off', { trim_blocks: false }, '# Ansible managed\n\n  \nctrl0.lab.example.com\n  \n\n  \ncompute0.lab.example.com\n  \n'],
    ['CRLF line endings', { lstrip_blocks: true, newline_sequence: '\\r\\n' }, '# Ansible managed\r\nctrl0.lab.example.com\r\ncompute0.lab.example.com\r\n'],
  ]
  for (const [title, args, expected] of renders) {
    it(`renders with ${title}`, async () => {
      const dest = box.path('hosts')
      const [first, second] = await runTwice(template, box.host, { src: 'hosts.j2', dest, ...args }, ctx())
      expect(first.result).to.include({ changed: true, dest, src: join(templates, 'hosts.j2') })
      expect(await fs.readFile(dest, 'utf8')).to.equal(expected)
      expect(second.result.changed).to.equal(false)
    })
  }

  it('provides the template_* variables', async () => {
    await fs.writeFile(join(templates, 'vars.j2'), '{{ template_path }}|{{ template_destpath }}|{{ template_fullpath }}|{{ template_host | length > 0 }}')
    const dest = box.path('out')
    await runModule(template, box.host, { src: 'vars.j2', dest }, ctx())
    expect(await fs.readFile(dest, 'utf8')).to.equal(`vars.j2|${dest}|${join(templates, 'vars.j2')}|True`)
  })

  it('shows the diff and writes nothing in check mode', async () => {
    const dest = box.path('hosts')
    await fs.writeFile(dest, 'old\n')
    const run = await runModule(template, box.host, { src: 'hosts.j2', dest }, { ...ctx(), checkMode: true, diffMode: true })
    const [diff] = run.result.diff as Record<string, unknown>[]
    expect(diff).to.include({ before: 'old\n', before_header: dest, after_header: join(templates, 'hosts.j2') })
    expect(await fs.readFile(dest, 'utf8')).to.equal('old\n')
  })

  it('fails with the template name when rendering fails', async () => {
    await fs.writeFile(join(templates, 'bad.j2'), '{{ nowhere_defined }}')
    const run = await runModule(template, box.host, { src: 'bad.j2', dest: box.path('x') }, ctx())
    expect(run.result.failed).to.equal(true)
    expect(String(run.result.msg)).to.include('bad.j2').and.include('nowhere_defined')
  })

  it('rejects a newline_sequence other than \\n, \\r, \\r\\n', async () => {
    const run = await runModule(template, box.host, { src: 'hosts.j2', dest: box.path('x'), newline_sequence: ';' }, ctx())
    expect(run.result).to.include({ failed: true, msg: 'newline_sequence needs to be one of: \n, \r or \r\n' })
  })

  it('merges its options with a #jinja2 header of the file, the file winning', () => {
    expect(withRenderOptions('x', { trim_blocks: true, lstrip_blocks: false, newline_sequence: '\n' })).to.equal('x')
    expect(withRenderOptions('x', { trim_blocks: false, lstrip_blocks: true, newline_sequence: '\r\n' })).to.equal("#jinja2:trim_blocks: False, lstrip_blocks: True, newline_sequence: '\\r\\n'\nx")
    expect(withRenderOptions('#jinja2: trim_blocks: True\nx', { trim_blocks: false, lstrip_blocks: false, newline_sequence: '\n' })).to.equal('#jinja2:trim_blocks: False,  trim_blocks: True\nx')
  })
})
