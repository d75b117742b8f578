// The steps that bring a domain to what the task asks: images and the cloud-init seed
// first, then the definition, autostart and power state — or, for state absent, power
// off, undefine and (remove_disks) delete the files the module created.
import { posix } from 'node:path'
import type { Diff, Host } from '../../../engine/module.js'
import { isoCommand, type CloudInitSeed } from './cloud-init.js'
import { isActive, type DomainFacts, type StorageFacts } from './domain-probe.js'
import { powerSteps, type PowerRequest } from './domain-power.js'
import { qemuImgCreate, type DiskPlan } from './domain-storage.js'
import { domainRules, domainXmlToDefine, ownedPaths } from './domain-xml.js'
import { compareDefinitions, normaliseAlone, type Comparison } from './normalise.js'
import { execStep, virshStep, type Step } from './steps.js'
import { defineFromTempFile } from './virsh.js'
import { renderXml, type XmlElement } from './xml-tree.js'

export interface DomainPlan {
  steps: Step[]
  diffs: Diff[]
  /** The running domain keeps its old definition until it is powered off and on. */
  rebootRequired: boolean
  stateAfter: string
}

// What a step that runs no command reports.
const DONE = { rc: 0, stdout: '', stderr: '' }

/** Images the module makes: the folder, then one qemu-img per missing image. */
export function storageSteps(host: Host, disks: readonly DiskPlan[], storage: StorageFacts, diskDir: string): Step[] {
  const steps: Step[] = []
  const toCreate = disks.filter((d) => storage.missing.has(d.path))
  if (toCreate.length && !storage.diskDirExists) steps.push(execStep(host, `create folder ${diskDir}`, ['mkdir', '-p', '--', diskDir]))
  for (const disk of toCreate) {
    const what = disk.create!.base ? `overlay on ${disk.create!.base}` : `${disk.create!.sizeGiB} GiB image`
    steps.push(execStep(host, `create ${what} ${disk.path}`, qemuImgCreate(disk)))
  }
  return steps
}

/** Seed files that differ from the task's, with their diffs. */
export function seedChanges(seed: CloudInitSeed, storage: StorageFacts): { changed: string[]; diffs: Diff[] } {
  const changed = [...seed.files].filter(([name, content]) => storage.seedFiles.get(name) !== content).map(([name]) => name)
  const diffs = changed.map((name) => {
    const path = posix.join(seed.dir, name)
    return { before_header: path, after_header: path, before: storage.seedFiles.get(name) ?? '', after: seed.files.get(name)! }
  })
  return { changed, diffs }
}

/** Write the seed files and rebuild the ISO (to a temporary name, renamed when complete). */
export function seedSteps(host: Host, seed: CloudInitSeed, isoTool: string): Step[] {
  const steps: Step[] = []
  // -p makes the image folder too; -m applies to the seed folder, which holds secrets.
  steps.push(execStep(host, `create folder ${seed.dir}`, ['mkdir', '-p', '-m', '0700', '--', seed.dir]))
  for (const [name, content] of seed.files) {
    const path = posix.join(seed.dir, name)
    steps.push({ action: `write ${path}`, run: async () => (await host.write(path, content, { mode: 0o600 }), DONE) })
  }
  const partial = `${seed.iso}.partial`
  steps.push(execStep(host, `build cloud-init ISO ${seed.iso}`, isoCommand(isoTool, partial, seed)))
  steps.push(execStep(host, `move ${partial} to ${seed.iso}`, ['mv', '-f', '--', partial, seed.iso]))
  return steps
}

export interface DefineRequest extends PowerRequest {
  autostart?: boolean
}

/** Define (when the definition differs), autostart and power steps. */
export function definitionSteps(host: Host, req: DefineRequest, facts: DomainFacts, wanted: XmlElement): DomainPlan {
  const comparison = compareDefinitions(facts.definition, wanted, domainRules)
  const steps: Step[] = []
  const diffs: Diff[] = []
  const redefine = !comparison.same || !facts.persistent
  if (redefine) {
    const xml = renderXml(domainXmlToDefine(wanted, facts.definition))
    steps.push({ action: `define domain '${req.name}'`, run: () => defineFromTempFile(host, req.uri, 'define', xml) })
    if (!comparison.same) diffs.push(xmlDiff(req.name, comparison))
  }
  if (req.autostart !== undefined && req.autostart !== facts.autostart) {
    const args = ['autostart', ...(req.autostart ? [] : ['--disable']), req.name]
    steps.push(virshStep(host, req.uri, `${req.autostart ? 'enable' : 'disable'} autostart of domain '${req.name}'`, args))
  }
  const power = powerSteps(host, req, facts.state)
  steps.push(...power.steps)
  const rebootRequired = redefine && isActive(facts.state) && isActive(power.stateAfter)
  return { steps, diffs, rebootRequired, stateAfter: power.stateAfter }
}

/** Power off, undefine (with nvram and managed save) and delete what the module created. */
export function removalSteps(host: Host, req: PowerRequest & { removeDisks: boolean }, facts: DomainFacts): DomainPlan {
  if (!facts.exists) return { steps: [], diffs: [], rebootRequired: false, stateAfter: '' }
  const steps: Step[] = []
  const label = `domain '${req.name}'`
  if (isActive(facts.state)) steps.push(virshStep(host, req.uri, `power off ${label}`, ['destroy', req.name]))
  if (facts.persistent) steps.push(virshStep(host, req.uri, `undefine ${label}`, ['undefine', '--nvram', '--managed-save', req.name]))
  const owned = ownedPaths(facts.definition)
  if (req.removeDisks && owned.files.length) steps.push(execStep(host, `delete ${owned.files.join(', ')}`, ['rm', '-f', '--', ...owned.files]))
  if (req.removeDisks && owned.dirs.length) steps.push(execStep(host, `remove folder ${owned.dirs.join(', ')}`, ['rmdir', '--ignore-fail-on-non-empty', '--', ...owned.dirs]))
  const diffs = facts.definition ? [xmlDiff(req.name, { before: normaliseAlone(facts.definition, domainRules), after: '' })] : []
  return { steps, diffs, rebootRequired: false, stateAfter: '' }
}

function xmlDiff(name: string, c: Pick<Comparison, 'before' | 'after'>): Diff {
  const header = `domain ${name} (normalised XML)`
  return { before_header: header, after_header: header, before: c.before, after: c.after }
}
