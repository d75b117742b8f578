// virtual: is this a container or a VM guest, or a virtualization host? The checks
// follow the order of Ansible's Linux detector; the first match sets type and role.
import { keyValueLines, type FactCollector, type Facts, type Sections } from './collector.js'

const VIRT_SCRIPT = `cat /proc/1/cgroup | sed 's/^/cgroup=/'
tr '\\0' '\\n' < /proc/1/environ | grep '^container=' | sed 's/^/environ_/'
printf 'systemd_container=%s\\n' "$(cat /run/systemd/container)"
[ -e /.dockerenv ] || [ -e /.dockerinit ] && echo dockerenv=1
[ -d /proc/xen ] && printf 'xen=%s\\n' "$(cat /proc/xen/capabilities)"
for f in product_name sys_vendor product_family bios_vendor; do printf 'dmi_%s=%s\\n' "$f" "$(cat /sys/devices/virtual/dmi/id/$f)"; done
grep -E '^(model name|vendor_id)' /proc/cpuinfo | head -n 2 | sed 's/^/cpu=/'
cut -d' ' -f1 /proc/modules | grep -E '^(kvm|vboxdrv|virtio)$' | sed 's/^/module=/'
[ -e /dev/kvm ] && echo dev_kvm=1`

export const virtualCollector: FactCollector = {
  name: 'virtual',
  group: 'virtual',
  sections: { virt: VIRT_SCRIPT },
  collect: (s) => virtualFacts(s),
}

interface Evidence {
  lines: string[]
  values: Map<string, string>
}

type Detection = { type: string; role: string; guest?: string; host?: string }

const KVM_PRODUCTS = ['KVM', 'KVM Server', 'Bochs', 'AHV']
const KVM_VENDORS = ['QEMU', 'Amazon EC2', 'DigitalOcean', 'Google', 'Scaleway', 'Nutanix']

export function virtualFacts(s: Sections): Facts {
  const text = s.get('virt') ?? ''
  const ev: Evidence = { lines: text.split('\n'), values: keyValueLines(text) }
  const guest = new Set<string>()
  const host = new Set<string>()
  let found: Detection | undefined
  for (const detection of detections(ev)) {
    if (detection.guest) guest.add(detection.guest)
    if (detection.host) host.add(detection.host)
    found ??= detection
  }
  if (['docker', 'lxc', 'podman', 'openvz', 'containerd'].some((t) => guest.has(t)) || ev.values.get('systemd_container')) guest.add('container')
  return {
    virtualization_type: found?.type ?? 'NA',
    virtualization_role: found?.role ?? 'NA',
    virtualization_tech_guest: [...guest],
    virtualization_tech_host: [...host],
  }
}

/** Every piece of evidence, in Ansible's order of precedence. */
function* detections(ev: Evidence): Generator<Detection> {
  const cgroups = ev.lines.filter((l) => l.startsWith('cgroup='))
  if (cgroups.some((l) => /\/docker(\/|-[0-9a-f]+\.scope)/.test(l))) yield guestOf('docker')
  if (cgroups.some((l) => /\/lxc\/|\/machine\.slice\/machine-lxc/.test(l))) yield guestOf('lxc')
  if (cgroups.some((l) => l.includes('/system.slice/containerd.service'))) yield guestOf('containerd')
  const container = ev.values.get('environ_container')
  if (container === 'lxc') yield guestOf('lxc')
  if (container === 'podman') yield guestOf('podman')
  if (container) yield guestOf('container')
  const systemdContainer = ev.values.get('systemd_container')
  if (systemdContainer) yield guestOf(systemdContainer)
  if (ev.values.has('dockerenv')) yield guestOf('docker')
  if (ev.values.has('xen')) {
    const isHost = ev.values.get('xen')!.includes('control_d')
    yield isHost ? { type: 'xen', role: 'host', host: 'xen' } : { type: 'xen', role: 'guest' }
  }
  yield* dmiDetections(ev.values)
  const cpu = ev.lines.filter((l) => l.startsWith('cpu='))
  if (cpu.some((l) => /model name.*QEMU Virtual CPU/.test(l))) yield guestOf('kvm')
  if (cpu.some((l) => /vendor_id.*User Mode Linux|model name.*UML/.test(l))) yield guestOf('uml')
  const modules = ev.lines.filter((l) => l.startsWith('module=')).map((l) => l.slice(7))
  if (modules.includes('kvm')) yield { type: 'kvm', role: 'host', host: 'kvm' }
  if (modules.includes('vboxdrv')) yield { type: 'virtualbox', role: 'host', host: 'virtualbox' }
  if (modules.includes('virtio')) yield { type: 'kvm', role: 'guest', host: 'kvm' }
  if (ev.values.has('dev_kvm')) yield { type: 'kvm', role: 'host', host: 'kvm' }
}

function guestOf(tech: string): Detection {
  return { type: tech, role: 'guest', guest: tech }
}

function* dmiDetections(v: Map<string, string>): Generator<Detection> {
  const product = v.get('dmi_product_name') ?? ''
  const vendor = v.get('dmi_sys_vendor') ?? ''
  const bios = v.get('dmi_bios_vendor') ?? ''
  if (KVM_PRODUCTS.includes(product)) yield guestOf('kvm')
  if (vendor === 'oVirt') yield guestOf('oVirt')
  if (vendor === 'Red Hat' && v.get('dmi_product_family') === 'RHV') yield guestOf('RHV')
  else if (vendor === 'Red Hat' && product === 'RHEV Hypervisor') yield guestOf('RHEV')
  if (product === 'VMware Virtual Platform' || product === 'VMware7,1') yield guestOf('VMware')
  if (product === 'OpenStack Compute' || product === 'OpenStack Nova') yield guestOf('openstack')
  if (bios === 'Xen') yield guestOf('xen')
  if (bios === 'innotek GmbH') yield guestOf('virtualbox')
  if (['Amazon EC2', 'DigitalOcean', 'Hetzner'].includes(bios) || KVM_VENDORS.includes(vendor)) yield guestOf('kvm')
  if (vendor === 'KubeVirt') yield guestOf('KubeVirt')
  if (vendor === 'Microsoft Corporation') yield guestOf('VirtualPC')
  if (vendor === 'Parallels Software International Inc.') yield guestOf('parallels')
  if (vendor === 'OpenStack Foundation') yield guestOf('openstack')
}
