// netplan: one netplan file (/etc/netplan/PRIO-NAME.yaml) from structured `config` or
// raw `content`. Files are compared by the configuration netplan reads from them, so
// formatting and comments alone never cause a change. New files are checked by netplan
// itself before they are written (validate), and can be applied — with `apply: try`,
// under an on-host watchdog that restores the previous file if the host stops
// answering, so a typo cannot cut a lab host off.
import { posix } from 'node:path'
import { change, defineModule, fail, ok, type Diff, type Host, type ModuleContext, type ModuleResult } from '../engine/module.js'
import { activate, applyMode, type ApplyMode } from './lib/lab/netplan-apply.js'
import { networkMapping, networkProblems } from './lib/lab/netplan-config.js'
import { validateNetplan } from './lib/lab/netplan-validate.js'
import { parseNetplan, renderNetplan, sameNetplan } from './lib/lab/netplan-yaml.js'
import { isRealRoot, rootProblem, underRoot } from './lib/lab/root-path.js'
import { applyFailure, hasCommand, readIfExists } from './lib/system/target.js'

interface NetplanParams {
  name?: string
  priority: number
  path?: string
  config?: Record<string, unknown>
  content?: string
  state: 'present' | 'absent'
  validate: boolean
  apply: boolean | string
  timeout: number
  root: string
}

const FILE_MODE = 0o600

/** The file's path on the real system: `path`, or /etc/netplan/PRIO-NAME.yaml. */
export function netplanPath(p: Pick<NetplanParams, 'name' | 'priority' | 'path'>): string {
  if (p.path !== undefined) return p.path
  const name = p.name!.replace(/\.yaml$/, '')
  return `/etc/netplan/${String(p.priority).padStart(2, '0')}-${name}.yaml`
}

/** The wanted file: its text and data, or why it cannot be made. */
function wantedFile(p: NetplanParams): { text: string; data: unknown } | string {
  if (p.content !== undefined) {
    const parsed = parseNetplan(p.content)
    if (parsed.error) return `content is not a netplan file: ${parsed.error}`
    return { text: p.content.endsWith('\n') ? p.content : `${p.content}\n`, data: parsed.data }
  }
  if (p.config === undefined) return 'state is present but neither config nor content is given'
  const network = networkMapping(p.config)
  const problems = networkProblems(network)
  if (problems.length) return problems.join('; ')
  return { text: renderNetplan(network), data: { network } }
}

/** Why the task cannot run as asked, before anything is read. */
async function setupProblem(host: Host, p: NetplanParams, mode: ApplyMode): Promise<string | undefined> {
  const rootIssue = rootProblem(p.root)
  if (rootIssue) return rootIssue
  if (mode === false) return undefined
  if (!isRealRoot(p.root)) return `apply: ${String(mode)} needs root: / (netplan apply would act on the real system, not on ${p.root})`
  if (!(await hasCommand(host, 'netplan'))) return `netplan is not installed on ${host.name}; install netplan.io, or use apply: false`
  return undefined
}

/** Validates, writes (or removes) the file, and applies it. */
async function commit(host: Host, p: NetplanParams, ctx: ModuleContext, file: string, text: string | undefined, mode: ApplyMode): Promise<ModuleResult> {
  const result: ModuleResult = { validated: false }
  if (text !== undefined && p.validate) {
    const checked = await validateNetplan(host, underRoot(p.root, '/etc/netplan'), file, text)
    if (checked.kind === 'invalid') return applyFailure(`netplan rejected the new ${file} (nothing was changed): ${checked.output}`, { rc: checked.rc })
    if (checked.kind === 'unavailable') result.warnings = [`netplan is not installed on ${host.name}, so ${file} was not validated`]
    result.validated = checked.kind === 'valid'
  }
  const install = async () => {
    if (text === undefined) {
      await host.exec(['rm', '-f', file])
      return
    }
    const folder = posix.dirname(file)
    if (!(await host.stat(folder, { follow: true }))) await host.exec(['mkdir', '-p', folder])
    await host.write(file, text, { mode: FILE_MODE })
  }
  const activated = await activate(host, install, { mode, path: file, timeoutSeconds: p.timeout, progress: (l) => ctx.progress(l) })
  return { ...result, ...activated }
}

export default defineModule<NetplanParams>({
  name: 'netplan',
  description:
    'Manage one netplan file from structured config (the network: mapping) or raw content, compared by meaning; validated with ' +
    '`netplan generate`, and applied on request — apply: try reverts to the previous file unless the host still answers.',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$', description: 'File name: /etc/netplan/PRIO-NAME.yaml.' },
      priority: { type: 'integer', minimum: 0, maximum: 99, default: 60, description: 'Two-digit prefix; netplan reads files in this order, later ones override.' },
      path: { type: 'string', description: 'Full path of the file instead of name/priority.' },
      config: { type: 'object', description: 'The mapping under network: (version, renderer, ethernets, bridges, bonds, vlans, …); version defaults to 2.' },
      content: { type: 'string', description: 'Raw YAML of the whole file, written as given.' },
      state: { type: 'string', enum: ['present', 'absent'], default: 'present', description: 'absent removes the file.' },
      validate: { type: 'boolean', default: true, description: 'Check the new file with `netplan generate --root-dir` on a temporary copy before writing it.' },
      apply: {
        type: ['boolean', 'string'],
        enum: [false, true, 'try', 'true', 'false', 'yes', 'no'],
        default: false,
        description: 'After a change: false leaves it for later, true runs netplan apply, try applies and reverts unless the host still answers within timeout.',
      },
      timeout: { type: 'integer', minimum: 1, default: 30, description: 'Seconds the host has to answer after netplan apply (apply: try) or for netplan apply to finish.' },
      root: { type: 'string', default: '/', description: 'Root of the tree holding /etc/netplan; other than / only for tests (apply must be false).' },
    },
    anyOf: [{ required: ['name'] }, { required: ['path'] }],
    allOf: [{ not: { required: ['name', 'path'] } }, { not: { required: ['config', 'content'] } }],
  },
  examples: [
    `- name: Lab bridge on the second NIC
  netplan:
    name: lab-bridge
    priority: 60
    apply: try
    config:
      renderer: networkd
      ethernets:
        eno2: { dhcp4: false }
      bridges:
        br0:
          interfaces: [eno2]
          addresses: [10.32.45.216/24]
          routes: [{ to: default, via: 10.32.45.254 }]
          nameservers: { addresses: [8.8.8.8] }
          parameters: { stp: false, forward-delay: 0 }`,
    `- name: Remove the installer's configuration
  netplan:
    path: /etc/netplan/00-installer-config.yaml
    state: absent`,
  ],
  async run(host, p, ctx) {
    const mode = applyMode(p.apply)
    const problem = await setupProblem(host, p, mode)
    if (problem) return fail(problem)
    const file = underRoot(p.root, netplanPath(p))
    const result: ModuleResult = { path: file, state: p.state, applied: false }
    const existing = await readIfExists(host, file)
    if (p.state === 'absent') {
      if (existing === undefined) return ok(result)
      return change({ ...result, diff: { before_header: file, after_header: file, before: existing, after: '' }, apply: () => commit(host, p, ctx, file, undefined, mode) })
    }
    const wanted = wantedFile(p)
    if (typeof wanted === 'string') return fail(wanted, { path: file })
    const current = existing === undefined ? undefined : parseNetplan(existing).data
    if (current !== undefined && sameNetplan(current, wanted.data)) {
      const st = await host.stat(file, { follow: true })
      if (!st || (st.mode & 0o777) === FILE_MODE) return ok(result)
      // Same configuration, but readable by others: netplan warns, and it may hold secrets.
      const diff: Diff = { prepared: `mode of ${file}: ${(st.mode & 0o777).toString(8).padStart(4, '0')} → 0600\n` }
      return change({ ...result, diff, apply: async () => void (await host.exec(['chmod', '0600', file])) })
    }
    const diff: Diff = { before_header: file, after_header: file, before: existing ?? '', after: wanted.text }
    return change({ ...result, diff, apply: () => commit(host, p, ctx, file, wanted.text, mode) })
  },
})
