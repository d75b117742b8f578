// vm_domain: a libvirt/QEMU virtual machine built from parameters — images (new or
// overlays on a base image), a cloud-init seed ISO, NICs with stable MACs, boot order —
// kept in a power state. Idempotent by comparing normalised definitions; a running
// domain whose definition changes is redefined and reports reboot_required, it is
// never restarted behind the user's back.
import { posix } from 'node:path'
import { TsplayError } from '../engine/errors.js'
import { change, defineModule, fail, ok, type Diff, type Host, type ModuleResult } from '../engine/module.js'
import { cloudInitSeed, ISO_TOOLS, type CloudInitSeed } from './lib/libvirt/cloud-init.js'
import { vmDomainSchema, type VmDomainParams } from './lib/libvirt/domain-params.js'
import { definitionSteps, removalSteps, seedChanges, seedSteps, storageSteps, type DomainPlan } from './lib/libvirt/domain-plan.js'
import { probeDomain, probeStorage, type DomainFacts, type StorageFacts } from './lib/libvirt/domain-probe.js'
import { planDisks, type DiskPlan } from './lib/libvirt/domain-storage.js'
import { domainXml, ownedPaths, planNics, type DomainLayout, type NicPlan } from './lib/libvirt/domain-xml.js'
import { runSteps, type Step } from './lib/libvirt/steps.js'
import { probeOrAssumeAbsent } from './lib/libvirt/virsh.js'
import { firstCommand, hasCommand } from './lib/system/target.js'

/** A failure the task reports (bad parameters, missing files or networks). */
class Refusal extends TsplayError {}

function refuse(problem: string): never {
  throw new Refusal(problem)
}

const ABSENT: DomainFacts = { exists: false, state: '', persistent: false, autostart: false, networks: [] }

/** Check mode: what it had to assume goes into the warnings. */
interface CheckModeNotes {
  on: boolean
  warnings: string[]
}

/** Disks and NICs for the parameters; refuses when the parameters contradict themselves or libvirt. */
function layoutParts(p: VmDomainParams, facts: DomainFacts, seed: CloudInitSeed | undefined, check: CheckModeNotes): { disks: DiskPlan[]; nics: NicPlan[] } {
  const disks = planDisks(p.name, p.disk_dir, p.disks, seed?.iso)
  if (typeof disks === 'string') refuse(disks)
  const nics = planNics(p.name, p.nics)
  if (typeof nics === 'string') refuse(nics)
  for (const nic of nics) {
    if (nic.type === 'network' && !facts.networks.includes(nic.source)) {
      const known = facts.networks.length ? facts.networks.join(', ') : 'none'
      // In check mode the network may be one an earlier task of this run would create.
      if (check.on) check.warnings.push(`network '${nic.source}' is not defined on ${p.uri} (defined: ${known}); check mode assumes an earlier task creates it`)
      else refuse(`network '${nic.source}' not found on ${p.uri} (defined networks: ${known}); create it first, e.g. with libvirt_net`)
    }
  }
  return { disks, nics }
}

/** kvm needs /dev/kvm on the target; without it the domain runs emulated (and host CPU modes become "maximum"). */
async function virtualisation(host: Host, p: VmDomainParams, warnings: string[]): Promise<Pick<DomainLayout, 'virtType' | 'cpuMode'>> {
  let virtType = p.virt_type
  if (virtType === 'kvm' && !(await host.stat('/dev/kvm', { follow: true }))) {
    virtType = 'qemu'
    warnings.push(`${host.name} has no /dev/kvm: domain '${p.name}' uses virt_type qemu (emulation, much slower)`)
  }
  const hostCpu = p.cpu_mode === 'host-passthrough' || p.cpu_mode === 'host-model'
  return { virtType, cpuMode: virtType === 'qemu' && hostCpu ? 'maximum' : p.cpu_mode }
}

/** Files the module made for the domain: those it makes now, the seed, and what it recorded before. */
function ownedFiles(disks: DiskPlan[], storage: StorageFacts, seed: CloudInitSeed | undefined, facts: DomainFacts): Pick<DomainLayout, 'ownedFiles' | 'ownedDirs'> {
  const before = ownedPaths(facts.definition).files
  const images = disks.filter((d) => d.create && (storage.missing.has(d.path) || before.includes(d.path))).map((d) => d.path)
  const seedFiles = seed ? [...seed.files.keys()].map((name) => posix.join(seed.dir, name)).concat(seed.iso) : []
  return { ownedFiles: [...images, ...seedFiles], ownedDirs: seed ? [seed.dir] : [] }
}

/** Images to create and the seed to (re)build, with the seed's diffs; refuses when a tool is missing. */
async function fileSteps(host: Host, p: VmDomainParams, disks: DiskPlan[], storage: StorageFacts, seed: CloudInitSeed | undefined): Promise<{ steps: Step[]; diffs: Diff[] }> {
  const steps: Step[] = []
  if (storage.missing.size) {
    if (!(await hasCommand(host, 'qemu-img'))) refuse('qemu-img was not found on the target; install qemu-utils (Debian/Ubuntu) or qemu-img (RHEL)')
    steps.push(...storageSteps(host, disks, storage, p.disk_dir))
  }
  if (!seed) return { steps, diffs: [] }
  const seedChange = seedChanges(seed, storage)
  if (seedChange.changed.length === 0 && storage.isoExists) return { steps, diffs: [] }
  const tool = await firstCommand(host, ISO_TOOLS)
  if (!tool) refuse(`none of ${ISO_TOOLS.join(', ')} was found on the target to build the cloud-init ISO; install genisoimage`)
  return { steps: [...steps, ...seedSteps(host, seed, tool)], diffs: seedChange.diffs }
}

/** Everything for states other than absent: storage, seed, definition, autostart, power. */
async function planPresent(host: Host, p: VmDomainParams, facts: DomainFacts, check: CheckModeNotes): Promise<DomainPlan & { layout: DomainLayout }> {
  const warnings = check.warnings
  const seed = p.cloud_init ? cloudInitSeed(p.name, p.disk_dir, p.cloud_init) : undefined
  const { disks, nics } = layoutParts(p, facts, seed, check)
  const storage = await probeStorage(host, disks, p.disk_dir, seed, check.on ? check.warnings : undefined)
  if (typeof storage === 'string') refuse(storage)
  const files = await fileSteps(host, p, disks, storage, seed)
  const layout: DomainLayout = {
    name: p.name,
    ...(await virtualisation(host, p, warnings)),
    memoryMiB: p.memory,
    vcpus: p.vcpus,
    machine: p.machine,
    boot: p.boot,
    graphics: p.graphics,
    serialConsole: p.serial_console,
    disks,
    nics,
    ...ownedFiles(disks, storage, seed, facts),
  }
  const request = { name: p.name, uri: p.uri, state: p.state, shutdownTimeoutSec: p.shutdown_timeout, autostart: p.autostart }
  const definition = definitionSteps(host, request, facts, domainXml(layout))
  return { ...definition, steps: [...files.steps, ...definition.steps], diffs: [...definition.diffs, ...files.diffs], layout }
}

export default defineModule<VmDomainParams>({
  name: 'vm_domain',
  description:
    'Define a libvirt/QEMU virtual machine from parameters and keep it in a power state (virsh and qemu-img on the target): ' +
    'new qcow2 images or overlays on a base image, existing images and ISOs, a cloud-init "cidata" seed ISO, NICs on ' +
    'libvirt networks or bridges with MACs stable across runs, boot order (network for PXE), graphics and serial console. ' +
    'The definition is compared with what libvirt stores after normalising both; a running domain whose definition changes ' +
    'is redefined and reports reboot_required. state=absent undefines it (nvram included); remove_disks also deletes the ' +
    'files the module created (recorded in the domain\'s metadata).',
  params: vmDomainSchema,
  examples: [
    `- name: Undercloud VM from a cloud image, with cloud-init
  vm_domain:
    name: undercloud
    memory: 16384
    vcpus: 4
    machine: q35
    disks:
      - overlay: /var/lib/libvirt/images/centos-9.qcow2
        size: 80
    cloud_init:
      user_data:
        users:
          - name: stack
            ssh_authorized_keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKeyOnly lab"]
            sudo: "ALL=(ALL) NOPASSWD:ALL"
    nics:
      - network: external
      - network: provisioning
    state: running
    autostart: true`,
    `- name: Overcloud node that PXE-boots from the provisioning network
  vm_domain:
    name: overcloud-controller-0
    memory: 8192
    vcpus: 2
    disks:
      - size: 40
    nics:
      - network: provisioning
    boot: [network, hd]
    graphics: none
    state: present`,
    `- name: Remove a VM and the images it was given
  vm_domain:
    name: overcloud-controller-0
    state: absent
    remove_disks: true`,
  ],
  async run(host, p, ctx) {
    const result: ModuleResult = { name: p.name, state: p.state }
    const warnings: string[] = []
    let facts: DomainFacts
    let plan: DomainPlan & { layout?: DomainLayout }
    try {
      facts = await probeOrAssumeAbsent(() => probeDomain(host, p.uri, p.name), ABSENT, { checkMode: ctx.checkMode, uri: p.uri, kind: 'domain', warnings })
      const request = { name: p.name, uri: p.uri, state: p.state, shutdownTimeoutSec: p.shutdown_timeout, removeDisks: p.remove_disks }
      plan = p.state === 'absent' ? removalSteps(host, request, facts) : await planPresent(host, p, facts, { on: ctx.checkMode, warnings })
    } catch (err) {
      // Refusals, unreadable XML and an unreachable libvirt fail the task.
      if (err instanceof TsplayError) return fail(err.message, result)
      throw err
    }
    Object.assign(result, resultKeys(p, facts, plan))
    if (warnings.length) result.warnings = warnings
    if (plan.steps.length === 0) return ok(result)
    result.actions = plan.steps.map((s) => s.action)
    return change({ ...result, ...(plan.diffs.length ? { diff: plan.diffs } : {}), apply: () => runSteps(plan.steps, result) })
  },
})

/** The result keys: where the domain ends up, and what a playbook needs next (MACs for Ironic). */
function resultKeys(p: VmDomainParams, facts: DomainFacts, plan: DomainPlan & { layout?: DomainLayout }): ModuleResult {
  if (p.state === 'absent') return { exists: false }
  const layout = plan.layout!
  const out: ModuleResult = {
    exists: true,
    domain_state: plan.stateAfter,
    virt_type: layout.virtType,
    macs: layout.nics.map((n) => n.mac),
    disks: layout.disks.map((d) => d.path),
  }
  if (p.autostart !== undefined || facts.exists) out.autostart = p.autostart ?? facts.autostart
  if (plan.rebootRequired) out.reboot_required = true
  return out
}
