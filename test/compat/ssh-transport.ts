// The compat cases over SSH: a case's INI inventory names hosts with ansible_connection=local;
// this rewrites it so every host is reached over SSH on a loopback test sshd instead (one
// sshd per distinct host name), logged in as the test user and become root — the same user
// the local runs work as, so the out/ tree (on this machine, sshd being local) comes out
// the same. Both tools get the rewritten inventory, and the same ssh settings.
import type { Tool } from './harness.js'

/** Where each inventory host goes, and how both tools log in. */
export interface SshTargets {
  /** Loopback sshd endpoints; hosts are given one each, in order of first appearance. */
  endpoints: Array<{ address: string; port: number }>
  user: string
  /** A key of its own per tool: sshd's log then shows that each tool really logged in. */
  privateKeyFiles: Record<Tool, string>
}

/** How a case's runs reach their hosts over SSH (RunOptions.ssh of the harness). */
export interface SshTransport {
  /** The case's inventory file rewritten for SSH, for the tool that runs it. */
  inventory(text: string, file: string, tool: Tool): string
  /** Settings given to both tools through the environment. */
  env: Record<string, string>
  /** Settings of the local runs that must not be given over SSH. */
  unsetEnv: string[]
  /** Takes out what ansible's ssh client adds to results that no module printed. */
  normalise<T>(observation: T): T
}

export function sshTransport(targets: SshTargets): SshTransport {
  return {
    inventory: (text, file, tool) => rewriteInventory(text, file, targets, tool),
    env: {
      // ansible-playbook as it is run against real hosts: pipelining, one persistent ssh master
      // per host that goes away by itself soon after the run, no interpreter discovery round trip.
      ANSIBLE_PIPELINING: 'True',
      ANSIBLE_SSH_ARGS: '-o ControlMaster=auto -o ControlPersist=5s',
      ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3',
    },
    // The local runs keep ansible's remote temp folder in the run's private HOME; over SSH the
    // test user must create it, so it stays at its default, ~/.ansible/tmp of that user.
    unsetEnv: ['ANSIBLE_REMOTE_TEMP'],
    normalise: dropSshClientChatter,
  }
}

/**
 * raw runs in a terminal over ssh (`ssh -tt`), and with a shared connection OpenSSH's client
 * then says "Shared connection to HOST closed." on the stderr ansible reports: chatter of the
 * client program, not output of the command.
 */
export function dropSshClientChatter<T>(value: T): T {
  const visit = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(/Shared connection to \S+ closed\.\r?\n/g, '')
    if (Array.isArray(v)) return v.map(visit)
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, visit(x)]))
    return v
  }
  return visit(value) as T
}

const SECTION = /^\[([^\]:]+)(?::(vars|children))?\]\s*(?:[#;].*)?$/

/** Host lines get ansible_connection=ssh with their sshd's address; [all:vars] gets the login. */
export function rewriteInventory(text: string, file: string, targets: SshTargets, tool: Tool): string {
  const assigned = new Map<string, { address: string; port: number }>()
  const endpointFor = (host: string) => {
    let endpoint = assigned.get(host)
    if (!endpoint) {
      endpoint = targets.endpoints[assigned.size]
      if (!endpoint) throw new Error(`${file}: more hosts than the ${targets.endpoints.length} SSH test hosts (at ${host})`)
      assigned.set(host, endpoint)
    }
    return endpoint
  }
  let kind: 'hosts' | 'vars' | 'children' = 'hosts'
  const lines = text.split('\n').map((line, index) => {
    const trimmed = line.trim()
    const section = SECTION.exec(trimmed)
    if (section) {
      kind = (section[2] as 'vars' | 'children' | undefined) ?? 'hosts'
      return line
    }
    if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith(';')) return line
    if (kind === 'vars' && /^ansible_(connection|host|port|user)\s*=/.test(trimmed)) {
      throw new Error(`${file}:${index + 1}: connection variables in a :vars section cannot be rewritten for SSH`)
    }
    if (kind !== 'hosts') return line
    const [host, ...vars] = trimmed.split(/\s+/)
    if (/[[\]]/.test(host!)) throw new Error(`${file}:${index + 1}: host ranges (${host}) cannot be rewritten for SSH`)
    const others = vars.filter((v) => !/^ansible_(connection|host|port)=/.test(v))
    if (vars.some((v) => /^ansible_(host|port)=/.test(v))) throw new Error(`${file}:${index + 1}: ${host} already has an address`)
    const { address, port } = endpointFor(host!)
    return [host, 'ansible_connection=ssh', `ansible_host=${address}`, `ansible_port=${port}`, ...others].join(' ')
  })
  const login = ['[all:vars]', `ansible_user=${targets.user}`, `ansible_ssh_private_key_file=${targets.privateKeyFiles[tool]}`, 'ansible_become=true']
  return [...lines, '', ...login, ''].join('\n')
}
