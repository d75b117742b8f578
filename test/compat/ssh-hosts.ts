// Loopback sshd test hosts for running compat cases over SSH outside mocha (run-case.ts --ssh);
// the mocha suite (ssh.test.ts) gets the same hosts through test/ssh/fixture.ts.
import { acquireLab, releaseLab, sshUnavailable, TEST_USER } from '../ssh/lab.js'
import { allocateAddress, TestSshd } from '../ssh/sshd.js'
import { sshTransport, type SshTransport } from './ssh-transport.js'

export interface SshCompatHosts {
  transport: SshTransport
  hosts: TestSshd[]
  stop(): Promise<void>
}

/** Starts `count` sshd hosts and the transport that sends a case's hosts to them. */
export async function startSshCompatHosts(count: number): Promise<SshCompatHosts> {
  const reason = sshUnavailable()
  if (reason) throw new Error(`cannot start SSH test hosts: ${reason}`)
  const lab = acquireLab()
  const hosts: TestSshd[] = []
  const stop = async () => {
    await Promise.all(hosts.map((h) => h.stop()))
    releaseLab()
  }
  try {
    for (let i = 0; i < count; i++) hosts.push(await new TestSshd(lab, { address: allocateAddress() }).start())
  } catch (error) {
    await stop()
    throw error
  }
  const transport = sshTransport({
    endpoints: hosts.map((h) => ({ address: h.address, port: h.port })),
    user: TEST_USER,
    privateKeyFiles: { ansible: lab.keys.rsa.file, tsplay: lab.keys.ed25519.file },
  })
  return { transport, hosts, stop }
}

/** The busiest case (serial-batches) has five hosts. */
export const SSH_COMPAT_HOST_COUNT = 5
