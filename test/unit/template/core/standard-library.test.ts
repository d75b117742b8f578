// The Templar of engine/template/index.ts, wired to the real filter, test and lookup
// libraries. Expectations are ansible-core 2.14's output for the same templates.
import { expect } from 'chai'
import { Templar } from '../../../../engine/template/index.js'

describe('template core: with the standard libraries', () => {
  const templar = new Templar({ warn: () => {} })
  const users = [
    { name: 'a', admin: true },
    { name: 'b', admin: false },
  ]
  const cases: [string, Record<string, unknown>, unknown][] = [
    ["{{ users | selectattr('admin') | map(attribute='name') | join(', ') }}", { users }, 'a'],
    ["{{ users | selectattr('name', 'equalto', 'b') | list }}", { users }, [{ name: 'b', admin: false }]],
    ["{{ [1, 2] | map('string') | list }}", {}, ['1', '2']],
    // A whole value made by to_json stays text; under its long name Ansible parses it back.
    ['{{ x | to_json }}', { x: [1, 2] }, '[1, 2]'],
    ['{{ x | ansible.builtin.to_json }}', { x: [1, 2] }, [1, 2]],
    ["{{ 'True' | string }}", {}, 'True'],
    ["{{ d | combine({'b': 2}) }}", { d: { a: 1 } }, { a: 1, b: 2 }],
    ["{{ x | default('a', true) }}", { x: '' }, 'a'],
    ["{{ query('sequence', 'start=1 end=3') }}", {}, ['1', '2', '3']],
    ["{{ lookup('sequence', 'start=1 end=3') }}", {}, '1,2,3'],
    ["{{ '1.2.3' is version('1.2', '>') }}", {}, true],
    ['{{ range(5) | select("odd") | list }}', {}, [1, 3]],
  ]
  for (const [source, vars, expected] of cases) {
    it(source, () => expect(JSON.parse(JSON.stringify(templar.template(source, vars)))).to.deep.equal(expected))
  }

  it('adds custom filters to the standard ones', () => {
    const custom = new Templar({ filters: { shout: (v) => `${String(v)}!` } })
    expect(custom.template("{{ 'hi' | shout | upper }}", {})).to.equal('HI!')
  })

  it('renders a realistic template file exactly as ansible-core does', () => {
    const source = [
      '<network>',
      '  <name>{{ net.name }}</name>',
      '{% if net.bridge is defined %}',
      '  <bridge name="{{ net.bridge }}" stp="{{ \'on\' if net.stp | default(false) else \'off\' }}"/>',
      '{% endif %}',
      '{% for host in net.hosts | default([]) %}',
      '    <host mac="{{ host.mac | lower }}" ip="{{ host.ip }}"/>{{ \' <!-- last -->\' if loop.last }}',
      '{% endfor %}',
      '  {%- for name, vm in vms | dictsort %}',
      '  <vm id="{{ loop.index }}">{{ name }}:{{ vm.ram // 1024 }}G {{ \'%-6s|\' % vm.kind }}</vm>',
      '  {%- endfor %}',
      '',
    ].join('\n')
    const vars = {
      net: { name: 'prov', bridge: 'br-prov', hosts: [{ mac: 'AA:BB', ip: '192.168.24.10' }, { mac: 'CC:DD', ip: '192.168.24.11' }] },
      vms: { undercloud: { ram: 16384, kind: 'uc' }, ctrl0: { ram: 8192, kind: 'ctrl' } },
    }
    expect(templar.renderString(source, vars)).to.equal(
      [
        '<network>',
        '  <name>prov</name>',
        '  <bridge name="br-prov" stp="off"/>',
        '    <host mac="aa:bb" ip="192.168.24.10"/>',
        '    <host mac="cc:dd" ip="192.168.24.11"/> <!-- last -->',
        '  <vm id="1">ctrl0:8G ctrl  |</vm>  <vm id="2">undercloud:16G uc    |</vm>',
        '',
      ].join('\n'),
    )
  })
})
