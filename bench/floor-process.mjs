// The floor as a program of its own: a fresh node process that loads the ssh transport
// and runs PER_HOST bare `true` commands on each host (one connection per host, all at
// once) — what any tool doing the playbook's commands must at least spend, process
// start-up included. Plain JS on the built transport, so no compiler adds to its start.
//   node bench/floor-process.mjs '{"hosts":[{"address":…,"port":…}],"user":…,"key":…,"knownHosts":…,"perHost":10}'
import { SshConnection } from '../dist/engine/connection/ssh.js'
import { JumpPool } from '../dist/engine/connection/ssh-jump.js'

const spec = JSON.parse(process.argv[2])
const jumps = new JumpPool()
const conns = spec.hosts.map((h) => new SshConnection({
  host: h.address, port: h.port, user: spec.user, privateKeyFiles: [spec.key], agentSocket: false,
  knownHostsFiles: [spec.knownHosts], globalKnownHostsFiles: [],
}, jumps))
await Promise.all(conns.map(async (c) => {
  for (let i = 0; i < spec.perHost; i++) {
    const r = await c.exec(['true'])
    if (r.rc !== 0) throw new Error(`true failed on ${c.target}: ${r.stderr}`)
  }
}))
await Promise.all(conns.map((c) => c.close()))
