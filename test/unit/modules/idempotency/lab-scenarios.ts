// Scenarios of the lab modules. sysctl, kvm_nested and netplan run for real on a mirror
// tree (their `root` parameter: a temp folder standing in for /, so no kernel setting or
// network changes). vbmc and undercloud_install run through the real local connection
// against the stand-ins of test/fixtures/standins (VirtualBMC and TripleO cannot be
// installed here). node_introspect runs against the scripted Ironic of the lab tests,
// which walks nodes through Ironic's states; a real Ironic is an integration test.
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { LocalConnection } from '../../../../engine/connection/local.js'
import { TaskHost, type Host } from '../../../../engine/module.js'
import { FakeIronic } from '../lab/introspect-ironic.js'
import type { Scenario } from './scenario.js'
import { treeSnapshot } from './snapshot.js'

const STAND_INS = fileURLToPath(new URL('../../../fixtures/standins', import.meta.url))
const MIRROR = 'real, on a mirror tree (root parameter)'

async function putFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true })
    await writeFile(join(root, path), content)
  }
}

const localHost = (env?: Record<string, string>) => (): Host => new TaskHost('localhost', new LocalConnection(), { env })

function onMirror(module: string, root: string, params: Record<string, unknown>, files: Record<string, string>): Scenario {
  return {
    module,
    how: MIRROR,
    expect: 'converges',
    params: { ...params, root },
    host: localHost(),
    snapshot: () => treeSnapshot(root),
    setup: () => putFiles(root, files),
  }
}

function ironicScenario(): Scenario {
  const ironic = new FakeIronic()
  const node = { name: 'controller-0', pm_type: 'ipmi', pm_addr: '127.0.0.1', pm_port: 6230, pm_user: 'admin', pm_password: 'ipmi-secret', mac: ['52:54:00:aa:00:01'] }
  return {
    module: 'node_introspect',
    how: 'scripted Ironic (the lab tests\' stand-in): Ironic is not installed for unit tests',
    expect: 'converges',
    params: { nodes: [node], auth: { OS_AUTH_TYPE: 'none', OS_ENDPOINT: 'http://127.0.0.1:6385' }, poll_interval: 0 },
    host: () => ironic.host,
    setup: async () => {
      const added = ironic.add('controller-0', 'manageable')
      ironic.ports.push({ address: '52:54:00:aa:00:01', node_uuid: added.uuid })
    },
    snapshot: async () => JSON.stringify({ nodes: [...ironic.nodes.values()].map(({ pending: _pending, ...node }) => node), ports: ironic.ports }),
  }
}

export function labScenarios(root: string): Scenario[] {
  const at = (name: string) => join(root, `lab-${name}`)
  const vbmcState = join(at('vbmc'), 'vbmcd-state.json')
  return [
    onMirror('sysctl', at('sysctl'), { name: 'net.ipv4.ip_forward', value: '1' }, { '/proc/sys/net/ipv4/ip_forward': '0\n', '/etc/sysctl.d/10-other.conf': '' }),
    onMirror('kvm_nested', at('kvm_nested'), {}, {
      '/proc/cpuinfo': 'processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu vme vmx ept\n',
      '/sys/module/kvm_intel/parameters/nested': 'N\n',
      '/sys/module/kvm_intel/refcnt': '0\n',
      '/etc/modprobe.d/kvm.conf': 'options kvm ignore_msrs=1\n',
    }),
    onMirror('netplan', at('netplan'), { name: 'lab', config: { bridges: { 'br-prov': { addresses: ['192.168.24.254/24'] } } }, validate: false, apply: false }, {
      '/etc/netplan/50-cloud-init.yaml': 'network: {version: 2}\n',
    }),
    {
      module: 'vbmc',
      how: 'real local connection, VirtualBMC stand-in (test/fixtures/standins/vbmc)',
      expect: 'converges',
      params: { domain: 'controller-0', port: 6230, password: 'ipmi-secret', vbmc_bin: join(STAND_INS, 'vbmc') },
      host: localHost({ HOME: at('vbmc'), VBMC_STANDIN_STATE: vbmcState }),
      setup: () => putFiles(at('vbmc'), { 'vbmcd-state.json': JSON.stringify({ libvirt_domains: ['controller-0'] }) }),
      snapshot: () => treeSnapshot(at('vbmc')),
    },
    {
      module: 'undercloud_install',
      how: 'real local connection, TripleO stand-in (test/fixtures/standins/openstack)',
      expect: 'converges',
      params: { flavor: 'tripleo', config: { local_ip: '192.168.24.1/24' }, home: at('undercloud'), become: false, openstack_bin: join(STAND_INS, 'openstack') },
      host: localHost({ HOME: at('undercloud') }),
      setup: async () => {
        await mkdir(at('undercloud'), { recursive: true })
      },
      snapshot: () => treeSnapshot(at('undercloud')),
    },
    ironicScenario(),
  ]
}
