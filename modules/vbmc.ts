// vbmc: one VirtualBMC IPMI endpoint per libvirt domain (the lab gives each overcloud VM
// an IPMI port so Ironic can power it). Drives VirtualBMC's `vbmc` client. `vbmc show`
// masks passwords, so the stored password is compared through VirtualBMC's per-domain
// config file; a changed port, address, URI or credential means delete + add, as vbmc
// has no "modify". Passwords never appear in results or diffs.
import { change, defineModule, fail, ok, type Diff, type Host, type ModuleOutcome, type ModuleResult } from '../engine/module.js'
import {
  addArgs,
  defaultConfigDir,
  runVbmc,
  showBmc,
  storedPassword,
  VbmcCommandError,
  type BmcSettings,
  type BmcSpec,
} from './lib/openstack/vbmc-cli.js'

interface VbmcParams {
  domain: string
  port?: number
  address: string
  username: string
  password: string
  libvirt_uri: string
  state: 'present' | 'absent' | 'running' | 'stopped'
  vbmc_bin: string
  config_dir?: string
}

const MASK = '********'
type Step = string[]

/** The settings as diff text; the password only as a mask, marked when it changes. */
function describe(s: Omit<BmcSettings, 'password' | 'active'> | undefined, passwordChanged = false): string {
  if (!s) return ''
  return [
    `domain: ${s.domain}`,
    `address: ${s.address}`,
    `port: ${s.port}`,
    `username: ${s.username}`,
    `password: ${MASK}${passwordChanged ? ' (changed)' : ''}`,
    `libvirt_uri: ${s.libvirt_uri}`,
    `status: ${s.status}`,
    '',
  ].join('\n')
}

/** Names of the settings that differ; 'password' only when it is known to differ. */
function differences(have: BmcSettings, want: BmcSpec): string[] {
  const keys = ['address', 'port', 'username', 'libvirt_uri'] as const
  const changed: string[] = keys.filter((k) => String(have[k]) !== String(want[k]))
  if (have.password !== undefined && have.password !== want.password) changed.push('password')
  return changed
}

/** Fill in the stored password when `vbmc show` masked it; a warning when it cannot be read. */
async function withPassword(host: Host, p: VbmcParams, have: BmcSettings, warnings: string[]): Promise<BmcSettings> {
  if (have.password !== undefined) return have
  const dir = p.config_dir ?? (await defaultConfigDir(host))
  const password = dir ? await storedPassword(host, dir, p.domain) : undefined
  if (password === undefined) warnings.push(`could not read ${dir ?? '~/.vbmc'}/${p.domain}/config to compare the BMC password; set config_dir if VirtualBMC keeps its configuration elsewhere`)
  return { ...have, password }
}

function publicResult(p: VbmcParams, s: Omit<BmcSettings, 'password' | 'active'> | undefined): ModuleResult {
  if (!s) return { domain: p.domain, state: 'absent' }
  return { domain: s.domain, address: s.address, port: s.port, username: s.username, libvirt_uri: s.libvirt_uri, status: s.status }
}

/** Run the vbmc steps in order; the first failure ends the task with vbmc's message. */
function applySteps(host: Host, p: VbmcParams, steps: Step[]): () => Promise<ModuleResult> {
  return async () => {
    try {
      for (const step of steps) await runVbmc(host, p.vbmc_bin, step)
      const now = await showBmc(host, p.vbmc_bin, p.domain)
      return { status: now?.status ?? 'absent' }
    } catch (e) {
      if (!(e instanceof VbmcCommandError)) throw e
      return { failed: true, msg: e.message, rc: e.result.rc, stderr: e.result.stderr }
    }
  }
}

function planPresent(host: Host, p: VbmcParams, have: BmcSettings | undefined, warnings: string[]): ModuleOutcome {
  if (p.port === undefined) return fail(`vbmc: port is required with state ${p.state} (the IPMI UDP port for ${p.domain}, e.g. 6230)`)
  const want: BmcSpec = { domain: p.domain, address: p.address, port: p.port, username: p.username, password: p.password, libvirt_uri: p.libvirt_uri }
  const differs = have ? differences(have, want) : []
  const recreate = !have || differs.length > 0
  const wasRunning = have?.status === 'running'
  const run = p.state === 'running' || (p.state === 'present' && recreate && wasRunning)
  const steps: Step[] = []
  if (have && recreate) steps.push(['delete', p.domain])
  if (recreate) steps.push(addArgs(want))
  if (run && (recreate || have?.status !== 'running')) {
    if (have?.status === 'error' && !recreate) steps.push(['stop', p.domain])
    steps.push(['start', p.domain])
  }
  if (p.state === 'stopped' && !recreate && have?.status === 'running') steps.push(['stop', p.domain])
  const status = run ? 'running' : p.state === 'stopped' ? 'down' : recreate ? 'down' : have!.status
  const after = { ...want, status }
  const result = { ...publicResult(p, after), ...(warnings.length ? { warnings } : {}) }
  if (steps.length === 0) return ok(result)
  const diff: Diff = {
    before: describe(have), after: describe(after, differs.includes('password')),
    before_header: `vbmc ${p.domain}`, after_header: `vbmc ${p.domain}`,
  }
  return change({ ...result, ...(differs.length ? { changed_settings: differs } : {}), diff, apply: applySteps(host, p, steps) })
}

export default defineModule<VbmcParams>({
  name: 'vbmc',
  description:
    "Manage a VirtualBMC IPMI endpoint for a libvirt domain with VirtualBMC's `vbmc` client: add it, start or stop it, delete it. " +
    'Changed settings (port, address, credentials, libvirt URI) recreate the BMC; the password is compared but never shown.',
  params: {
    type: 'object',
    required: ['domain'],
    additionalProperties: false,
    properties: {
      domain: { type: 'string', minLength: 1, description: 'Name of the libvirt domain (VM) the BMC controls.' },
      port: { type: 'integer', minimum: 1, maximum: 65535, description: 'UDP port the IPMI endpoint listens on (required unless state is absent).' },
      address: { type: 'string', default: '::', description: 'Address the IPMI endpoint binds to (IPv4 or IPv6).' },
      username: { type: 'string', default: 'admin', description: 'IPMI user name.' },
      password: { type: 'string', default: 'password', description: 'IPMI password (never shown; VirtualBMC stores it in its config folder).' },
      libvirt_uri: { type: 'string', default: 'qemu:///system', description: 'libvirt connection URI VirtualBMC uses to control the domain.' },
      state: {
        type: 'string',
        enum: ['present', 'absent', 'running', 'stopped'],
        default: 'running',
        description: 'running: added and started; stopped: added, not serving; present: added, serving state untouched; absent: deleted.',
      },
      vbmc_bin: { type: 'string', default: 'vbmc', description: 'The vbmc command (a path such as /opt/vbmc/bin/vbmc for a virtualenv).' },
      config_dir: { type: 'string', description: "VirtualBMC's config_dir, where the stored password is read from (default ~/.vbmc of the user running vbmc)." },
    },
  },
  secretParams: ['password'],
  examples: [
    `- vbmc:
    domain: controller-0
    port: 6230
    username: admin
    password: "{{ ipmi_password }}"
`,
    `- vbmc:
    domain: compute-0
    state: absent
    vbmc_bin: /opt/virtualbmc/bin/vbmc
`,
  ],
  async run(host, p) {
    let have: BmcSettings | undefined
    const warnings: string[] = []
    try {
      have = await showBmc(host, p.vbmc_bin, p.domain)
      if (have && p.state !== 'absent') have = await withPassword(host, p, have, warnings)
    } catch (e) {
      if (e instanceof VbmcCommandError) return fail(e.message, { rc: e.result.rc, stderr: e.result.stderr })
      throw e
    }
    if (p.state !== 'absent') return planPresent(host, p, have, warnings)
    if (!have) return ok(publicResult(p, undefined))
    const diff: Diff = { before: describe(have), after: '', before_header: `vbmc ${p.domain}`, after_header: `vbmc ${p.domain}` }
    return change({ ...publicResult(p, undefined), diff, apply: applySteps(host, p, [['delete', p.domain]]) })
  },
})
