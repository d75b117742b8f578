// A recording fake Host that answers virsh the way libvirt 9 does, from a table of
// networks and domains (their stored XML as real libvirt printed it: fixtures/). Reads
// arrive as one batch script (lib/libvirt/virsh.ts); the fake decodes the virsh
// commands in it from the script's positional references and answers each. Commands
// that change something are only recorded — tests look at what would have run.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Command } from '../../../../engine/connection/connection.js'
import { END_MARK, RC_MARK } from '../../../../modules/lib/libvirt/virsh.js'
import { shown, SystemHost } from '../system/system-host.js'

export { fakeContext } from '../fake-host.js'

const here = dirname(fileURLToPath(import.meta.url))

/** A fixture file of fixtures/ (XML and info text captured from libvirt 9.0). */
export function fixture(name: string): string {
  return readFileSync(join(here, 'fixtures', name), 'utf8')
}

export const URI = 'qemu:///system'
export const TEMP = '/tmp/tsplay-libvirt.TEST'

export interface FakeNetwork {
  xml: string
  liveXml?: string
  active?: boolean
  autostart?: boolean
  persistent?: boolean
}

export interface FakeDomain {
  xml: string
  state?: string
  autostart?: boolean
  persistent?: boolean
  /** Answers of successive `domstate` calls while waiting for a shutdown. */
  domstates?: string[]
}

type Reply = { rc: number; stdout: string; stderr: string }

/** The virsh argument lists of a batch command, or undefined for other commands. */
export function batchCommands(cmd: Command): string[][] | undefined {
  if (!Array.isArray(cmd) || cmd[0] !== 'sh' || !cmd[2]?.includes('virsh -c "$1"')) return undefined
  const positional = cmd.slice(4)
  return cmd[2].split('\n').filter((line) => line.includes('virsh -c')).map((line) => {
    const refs = line.slice(line.indexOf('virsh -c "$1"') + 'virsh -c "$1"'.length, line.indexOf(' 2>&1'))
    return [...refs.matchAll(/"\$\{(\d+)\}"/g)].map((m) => positional[Number(m[1]) - 1]!)
  })
}

export class LibvirtHost extends SystemHost {
  readonly networks = new Map<string, FakeNetwork>()
  readonly domains = new Map<string, FakeDomain>()
  /** XML handed to `virsh define` / `net-define`, in order. */
  readonly defined: string[] = []
  /** Set to make every virsh read fail like an unreachable libvirtd. */
  unreachable = false
  /** Set to answer like a target without virsh. */
  noVirsh = false

  constructor() {
    super()
    this.onExec((cmd) => batchCommands(cmd) !== undefined, (cmd) => ({ stdout: this.answerBatch(batchCommands(cmd)!) }))
    this.onExec((cmd) => Array.isArray(cmd) && cmd[0] === 'mktemp', { stdout: `${TEMP}\n` })
    this.onExec((cmd) => Array.isArray(cmd) && cmd[0] === 'virsh' && (cmd[3] === 'define' || cmd[3] === 'net-define'), (cmd) => {
      this.defined.push(String(this.files.get((cmd as string[])[4]!)))
      return { stdout: 'defined\n' }
    })
    this.onExec((cmd) => Array.isArray(cmd) && cmd[0] === 'virsh' && cmd[3] === 'domstate', (cmd) => {
      const states = this.domains.get((cmd as string[])[4]!)?.domstates ?? ['shut off']
      return { stdout: `${states.length > 1 ? states.shift() : states[0]}\n` }
    })
  }

  withNetwork(name: string, net: FakeNetwork): this {
    this.networks.set(name, net)
    return this
  }

  withDomain(name: string, dom: FakeDomain): this {
    this.domains.set(name, dom)
    return this
  }

  /** Commands other than the read batch, shown as words ('virsh -c URI' shortened to 'virsh'). */
  get changes(): string[] {
    return this.execs.filter((c) => batchCommands(c) === undefined).map((c) => shown(c).replace(`virsh -c ${URI} `, 'virsh '))
  }

  private answerBatch(commands: string[][]): string {
    return commands.map((args) => {
      const r = this.noVirsh
        ? { rc: 127, stdout: '', stderr: 'sh: 1: virsh: not found' }
        : this.unreachable
          ? { rc: 1, stdout: '', stderr: "error: failed to connect to the hypervisor\nerror: Failed to connect socket to '/var/run/libvirt/libvirt-sock': No such file or directory" }
          : this.answer(args)
      return `${r.stdout}\n${RC_MARK}${r.rc}\n${r.stderr}\n${END_MARK}\n`
    }).join('')
  }

  private answer(args: string[]): Reply {
    const [sub, ...rest] = args
    const name = rest[rest.length - 1]!
    const net = this.networks.get(name)
    const dom = this.domains.get(name)
    const missingNet = { rc: 1, stdout: '', stderr: `error: failed to get network '${name}'\nerror: Network not found: no network with matching name '${name}'` }
    const missingDom = { rc: 1, stdout: '', stderr: `error: failed to get domain '${name}'` }
    const out = (stdout: string): Reply => ({ rc: 0, stdout, stderr: '' })
    switch (sub) {
      case 'net-list':
        return out([...this.networks.keys()].map((n) => `${n}\n`).join('') + '\n')
      case 'list':
        return out([...this.domains.keys()].map((n) => `${n}\n`).join('') + '\n')
      case 'net-info':
        return net ? out(netInfo(name, net)) : missingNet
      case 'net-dumpxml':
        return net ? out(rest[0] === '--inactive' || !net.active ? net.xml : (net.liveXml ?? net.xml)) : missingNet
      case 'dominfo':
        return dom ? out(domInfo(name, dom)) : missingDom
      case 'dumpxml':
        return dom ? out(dom.xml) : missingDom
      default:
        throw new Error(`the fake virsh has no answer for ${args.join(' ')}`)
    }
  }
}

const yesNo = (b: boolean | undefined) => (b ? 'yes' : 'no')

function netInfo(name: string, n: FakeNetwork): string {
  return [`Name:           ${name}`, 'UUID:           e37ae9c1-f1f8-42f6-8f92-a19295a9bbbe', `Active:         ${yesNo(n.active)}`,
    `Persistent:     ${yesNo(n.persistent ?? true)}`, `Autostart:      ${yesNo(n.autostart)}`, 'Bridge:         virbr1', ''].join('\n')
}

function domInfo(name: string, d: FakeDomain): string {
  return [`Id:             ${d.state === 'running' ? '1' : '-'}`, `Name:           ${name}`, 'UUID:           1a3f5987-31e6-42d3-9683-1c388494657a',
    'OS Type:        hvm', `State:          ${d.state ?? 'shut off'}`, `Persistent:     ${yesNo(d.persistent ?? true)}`,
    `Autostart:      ${d.autostart ? 'enable' : 'disable'}`, 'Managed save:   no', ''].join('\n')
}
