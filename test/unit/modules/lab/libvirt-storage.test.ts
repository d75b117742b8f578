// The pure parts of vm_domain: disk layout and device names, qemu-img and ISO commands,
// cloud-init seed files, NICs and their stable MACs.
import { expect } from 'chai'
import { cloudInitSeed, isoCommand } from '../../../../modules/lib/libvirt/cloud-init.js'
import type { DiskParam } from '../../../../modules/lib/libvirt/domain-params.js'
import { deviceName, planDisks, qemuImgCreate, type DiskPlan } from '../../../../modules/lib/libvirt/domain-storage.js'
import { planNics, stableMac } from '../../../../modules/lib/libvirt/domain-xml.js'

const DIR = '/var/lib/libvirt/images'

describe('vm_domain disks', () => {
  const names: [string, number, string][] = [['vd', 0, 'vda'], ['vd', 25, 'vdz'], ['sd', 26, 'sdaa'], ['hd', 27, 'hdab'], ['vd', 701, 'vdzz'], ['vd', 702, 'vdaaa']]
  for (const [prefix, index, name] of names) {
    it(`names device ${index} of ${prefix} ${name}`, () => expect(deviceName(prefix, index)).to.equal(name))
  }

  it('lays out new, overlay, existing and cdrom disks with the seed ISO last', () => {
    const disks: DiskParam[] = [
      { overlay: '/images/base.qcow2', size: 40 },
      { size: 10 },
      { path: '/data/raw.img', format: 'raw', bus: 'sata' },
      { iso: '/isos/installer.iso' },
      { path: '/data/scsi.qcow2', bus: 'scsi', dev: 'sdc' },
    ]
    const shape = (planDisks('vm1', DIR, disks, `${DIR}/vm1-cidata.iso`) as DiskPlan[]).map((d) => [d.device, d.dev, d.bus, d.format, d.path, d.create ? 'create' : 'exists'])
    expect(shape).to.deep.equal([
      ['disk', 'vda', 'virtio', 'qcow2', `${DIR}/vm1-vda.qcow2`, 'create'],
      ['disk', 'vdb', 'virtio', 'qcow2', `${DIR}/vm1-vdb.qcow2`, 'create'],
      ['disk', 'sda', 'sata', 'raw', '/data/raw.img', 'exists'],
      ['cdrom', 'sdb', 'sata', 'raw', '/isos/installer.iso', 'exists'],
      ['disk', 'sdc', 'scsi', 'qcow2', '/data/scsi.qcow2', 'exists'],
      ['cdrom', 'sdd', 'sata', 'raw', `${DIR}/vm1-cidata.iso`, 'exists'],
    ])
  })

  const problems: [string, DiskParam[], string][] = [
    ['an empty entry', [{ bus: 'virtio' }], 'disks[0] needs one of size (a new image), overlay (on a base image), path (an existing image) or iso'],
    ['iso with size', [{ size: 1 }, { iso: '/x.iso', size: 1 }], 'disks[1]: iso cannot be combined with size, overlay or path'],
    ['a virtio cdrom', [{ iso: '/x.iso', bus: 'virtio' }], 'disks[0]: a cdrom cannot use bus virtio; use sata (the default), scsi or ide'],
    ['raw for a new image', [{ size: 1, format: 'raw' }], 'disks[0]: images the module creates are qcow2; format applies to an existing path'],
    ['one device twice', [{ size: 1, dev: 'vdb' }, { size: 1, dev: 'vdb' }], 'two disks use target device vdb'],
  ]
  for (const [title, disks, message] of problems) {
    it(`refuses ${title}`, () => expect(planDisks('vm1', DIR, disks)).to.equal(message))
  }

  it('makes qemu-img commands for new images and overlays', () => {
    const [overlay, grown, fresh] = planDisks('vm1', DIR, [{ overlay: '/b.qcow2' }, { overlay: '/r.img', base_format: 'raw', size: 20 }, { size: 0.5 }]) as DiskPlan[]
    expect(qemuImgCreate(overlay!)).to.deep.equal(['qemu-img', 'create', '-q', '-f', 'qcow2', '-F', 'qcow2', '-b', '/b.qcow2', `${DIR}/vm1-vda.qcow2`])
    expect(qemuImgCreate(grown!)).to.deep.equal(['qemu-img', 'create', '-q', '-f', 'qcow2', '-F', 'raw', '-b', '/r.img', `${DIR}/vm1-vdb.qcow2`, '20G'])
    expect(qemuImgCreate(fresh!)).to.deep.equal(['qemu-img', 'create', '-q', '-f', 'qcow2', `${DIR}/vm1-vdc.qcow2`, '0.5G'])
  })
})

describe('vm_domain cloud-init seed', () => {
  it('writes mappings as YAML, user-data as #cloud-config, and defaults meta-data', () => {
    const seed = cloudInitSeed('vm1', DIR, { user_data: { users: [{ name: 'stack' }] }, network_config: 'version: 2\nethernets: {}' })
    expect(seed.dir).to.equal(`${DIR}/vm1-cidata`)
    expect(seed.iso).to.equal(`${DIR}/vm1-cidata.iso`)
    expect(Object.fromEntries(seed.files)).to.deep.equal({
      'user-data': '#cloud-config\nusers:\n  - name: stack\n',
      'meta-data': 'instance-id: vm1\nlocal-hostname: vm1\n',
      'network-config': 'version: 2\nethernets: {}\n',
    })
  })

  it('keeps text documents as given', () => {
    const seed = cloudInitSeed('vm1', DIR, { user_data: '#!/bin/sh\necho hi\n', meta_data: 'instance-id: x\n' })
    expect(seed.files.get('user-data')).to.equal('#!/bin/sh\necho hi\n')
    expect(seed.files.get('meta-data')).to.equal('instance-id: x\n')
    expect(seed.files.has('network-config')).to.equal(false)
  })

  const tools: [string, string[]][] = [
    ['genisoimage', ['genisoimage']],
    ['mkisofs', ['mkisofs']],
    ['xorriso', ['xorriso', '-as', 'mkisofs']],
  ]
  for (const [tool, head] of tools) {
    it(`builds the ISO with ${tool}, volume label cidata`, () => {
      const seed = cloudInitSeed('vm1', DIR, {})
      expect(isoCommand(tool, '/out.iso', seed)).to.deep.equal([
        ...head, '-quiet', '-output', '/out.iso', '-volid', 'cidata', '-joliet', '-rock', `${DIR}/vm1-cidata/user-data`, `${DIR}/vm1-cidata/meta-data`,
      ])
    })
  }
})

describe('vm_domain NICs', () => {
  it('derives MACs that stay the same across runs and differ per NIC', () => {
    // The value real libvirt stored in fixtures/domain-node.xml for NIC 0 of lab-node-0.
    expect(stableMac('lab-node-0', 0)).to.equal('52:54:00:b1:e1:f8')
    expect(stableMac('lab-node-0', 1)).to.not.equal(stableMac('lab-node-0', 0))
    expect(stableMac('lab-node-1', 0)).to.not.equal(stableMac('lab-node-0', 0))
    expect(stableMac('x', 3)).to.match(/^52:54:00(:[0-9a-f]{2}){3}$/)
  })

  it('plans networks and bridges, keeping given MACs in lower case', () => {
    expect(planNics('vm', [{ network: 'prov' }, { bridge: 'br0', mac: '52:54:00:AA:BB:CC', model: 'e1000' }])).to.deep.equal([
      { type: 'network', source: 'prov', mac: stableMac('vm', 0), model: 'virtio' },
      { type: 'bridge', source: 'br0', mac: '52:54:00:aa:bb:cc', model: 'e1000' },
    ])
  })

  const problems: [string, Parameters<typeof planNics>[1], string][] = [
    ['neither network nor bridge', [{ model: 'virtio' }], 'nics[0] needs exactly one of network or bridge'],
    ['both network and bridge', [{ network: 'a' }, { network: 'a', bridge: 'b' }], 'nics[1] needs exactly one of network or bridge'],
    ['one MAC twice', [{ network: 'a', mac: '52:54:00:00:00:01' }, { network: 'b', mac: '52:54:00:00:00:01' }], 'two NICs use MAC 52:54:00:00:00:01'],
  ]
  for (const [title, nics, message] of problems) {
    it(`refuses ${title}`, () => expect(planNics('vm', nics)).to.equal(message))
  }
})
