// Nested parameters of the libvirt modules: defaults reach list items and unknown nested
// keys are refused. (The contract every module keeps is checked for the whole registry in
// test/unit/modules/conformance.test.ts.)
import { expect } from 'chai'
import { validateModuleParams } from '../../../../engine/load/module-params.js'
import libvirtNet from '../../../../modules/libvirt_net.js'
import vmDomain from '../../../../modules/vm_domain.js'

describe('libvirt module parameters', () => {
  it('fills in nested defaults (NIC model) and refuses unknown nested keys', () => {
    const args = validateModuleParams(vmDomain, { name: 'vm', nics: [{ network: 'prov' }] })
    expect(args).to.deep.include({ nics: [{ network: 'prov', model: 'virtio' }], state: 'present', boot: ['hd'], memory: 1024 })
    expect(() => validateModuleParams(vmDomain, { name: 'vm', disks: [{ sise: 10 }] })).to.throw()
    expect(() => validateModuleParams(libvirtNet, { name: 'n', brige: 'br0' })).to.throw(/brige/)
  })
})
