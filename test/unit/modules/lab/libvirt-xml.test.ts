// The XML layer of the libvirt modules: parsing and printing, and the normalised
// comparison that decides whether a definition must be replaced.
import { expect } from 'chai'
import { compareDefinitions, normaliseXml, type XmlRules } from '../../../../modules/lib/libvirt/normalise.js'
import { networkRules, netmaskPrefix } from '../../../../modules/lib/libvirt/network-xml.js'
import { domainRules, machineMatches } from '../../../../modules/lib/libvirt/domain-xml.js'
import { el, parseXml, renderXml } from '../../../../modules/lib/libvirt/xml-tree.js'

describe('libvirt XML tree', () => {
  it('parses elements, attributes, text and entities, skipping the declaration and comments', () => {
    const root = parseXml(`<?xml version="1.0"?>\n<!-- c --><domain type="kvm"><name>a &amp; b</name><devices><disk type='file'/></devices></domain>`, 'x')
    expect(root).to.deep.equal({
      name: 'domain',
      attrs: { type: 'kvm' },
      children: [
        { name: 'name', attrs: {}, children: [], text: 'a & b' },
        { name: 'devices', attrs: {}, children: [{ name: 'disk', attrs: { type: 'file' }, children: [] }] },
      ],
    })
  })

  it('prints like virsh and escapes what needs it', () => {
    const xml = renderXml(el('network', {}, [el('name', {}, [], "a<b>&'c"), el('bridge', { name: "x'y", stp: undefined }), false, undefined]))
    expect(xml).to.equal("<network>\n  <name>a&lt;b&gt;&amp;'c</name>\n  <bridge name='x&apos;y'/>\n</network>\n")
    expect(parseXml(xml, 'x')).to.deep.equal(parseXml("<network><name>a&lt;b&gt;&amp;'c</name><bridge name=\"x'y\"/></network>", 'x'))
  })

  const bad: [string, RegExp][] = [
    ['<a><b></a>', /^doc is not well-formed XML \(line 1, column 7\): Expected closing tag 'b'/],
    ['<a/><b/>', /^doc must have exactly one root element, found 2$/],
    ['just text', /^doc is not well-formed XML/],
  ]
  for (const [source, message] of bad) {
    it(`rejects ${JSON.stringify(source)} with its position`, () => {
      expect(() => parseXml(source, 'doc')).to.throw(message)
    })
  }
})

describe('normalised comparison', () => {
  const rules: XmlRules = {
    ignore: ['r/uuid', 'r/devices/*/address'],
    ignoreAttributes: ['r@id'],
    defaults: { 'r/b@stp': 'on' },
    filledIn: ['r/b@name', 'r/extra'],
  }
  const cases: { title: string; current: string; wanted: string; same: boolean }[] = [
    { title: 'ignored elements and attributes', current: "<r id='3'><uuid>u</uuid><devices><d><address x='1'/></d></devices></r>", wanted: '<r><devices><d/></devices></r>', same: true },
    { title: 'a default written out', current: "<r><b stp='on'/></r>", wanted: '<r><b/></r>', same: true },
    { title: 'a default changed', current: "<r><b stp='off'/></r>", wanted: '<r><b/></r>', same: false },
    { title: 'a filled-in attribute the task leaves open', current: "<r><b name='virbr3'/></r>", wanted: '<r><b/></r>', same: true },
    { title: 'a filled-in attribute the task sets', current: "<r><b name='virbr3'/></r>", wanted: "<r><b name='br0'/></r>", same: false },
    { title: 'a filled-in element', current: '<r><extra/><c/></r>', wanted: '<r><c/></r>', same: true },
    { title: 'other extra elements', current: '<r><c/><other/></r>', wanted: '<r><c/></r>', same: false },
    { title: 'order of different elements', current: '<r><c/><a/></r>', wanted: '<r><a/><c/></r>', same: true },
    { title: 'order within one kind', current: "<r><a n='2'/><a n='1'/></r>", wanted: "<r><a n='1'/><a n='2'/></r>", same: false },
    { title: 'attribute order', current: "<r><a x='1' y='2'/></r>", wanted: "<r><a y='2' x='1'/></r>", same: true },
    { title: 'text', current: '<r><m>1</m></r>', wanted: '<r><m>2</m></r>', same: false },
  ]
  for (const c of cases) {
    it(`${c.same ? 'ignores' : 'sees'} ${c.title}`, () => {
      expect(compareDefinitions(parseXml(c.current, 'c'), parseXml(c.wanted, 'w'), rules).same).to.equal(c.same)
    })
  }

  it('prints both sides in the wanted order, unknown names after it alphabetically', () => {
    const c = compareDefinitions(parseXml("<r><z/><c v='1'/><b/><a/></r>", 'c'), parseXml('<r><c/><b/></r>', 'w'), rules)
    expect(c.before).to.equal("<r>\n  <c v='1'/>\n  <b/>\n  <a/>\n  <z/>\n</r>\n")
    expect(c.after).to.equal('<r>\n  <c/>\n  <b/>\n</r>\n')
  })

  it('compares with nothing as a new definition', () => {
    expect(compareDefinitions(undefined, el('r'), rules)).to.deep.equal({ same: false, before: '', after: '<r/>\n' })
  })

  it('normalises netmask to prefix for networks', () => {
    const n = normaliseXml(parseXml("<network><ip address='10.0.0.1' netmask='255.255.0.0' family='ipv4'/></network>", 'n'), networkRules)
    expect(renderXml(n)).to.equal("<network>\n  <ip address='10.0.0.1' prefix='16'/>\n</network>\n")
  })

  const masks: [string, number | undefined][] = [['255.255.255.0', 24], ['255.255.255.255', 32], ['0.0.0.0', 0], ['255.255.254.0', 23], ['255.0.255.0', undefined], ['255.255.255', undefined]]
  for (const [mask, prefix] of masks) {
    it(`netmask ${mask} is prefix ${prefix}`, () => expect(netmaskPrefix(mask)).to.equal(prefix))
  }

  const machines: [string, string, boolean][] = [['q35', 'pc-q35-7.2', true], ['pc', 'pc-i440fx-7.2', true], ['pc-q35-7.2', 'pc-q35-7.2', true], ['q35', 'pc-i440fx-7.2', false], ['pc', 'pc-q35-7.2', false]]
  for (const [alias, stored, same] of machines) {
    it(`machine ${alias} ${same ? 'matches' : 'does not match'} ${stored}`, () => {
      expect(machineMatches(alias, stored)).to.equal(same)
      const current = parseXml(`<domain><os><type machine='${stored}'>hvm</type></os></domain>`, 'c')
      const wanted = parseXml(`<domain><os><type machine='${alias}'>hvm</type></os></domain>`, 'w')
      expect(compareDefinitions(current, wanted, domainRules).same).to.equal(same)
    })
  }

  it('ignores metadata of other tools in a domain', () => {
    const current = parseXml("<domain><metadata><libosinfo:libosinfo xmlns:libosinfo='http://libosinfo.org/xmlns/libvirt/domain/1.0'/></metadata></domain>", 'c')
    expect(compareDefinitions(current, el('domain'), domainRules).same).to.equal(true)
  })
})
