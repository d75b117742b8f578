// The virsh batch: several virsh commands in one exec, each with its own output, exit
// code and error text. Runs the generated script in a real sh against a stand-in
// `virsh` (a small script first in PATH) — no libvirt needed.
import { expect } from 'chai'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LocalConnection } from '../../../../engine/connection/local.js'
import { TaskHost } from '../../../../engine/module.js'
import { parseInfo, parseNames, virshBatch, virshError, VirshUnavailable } from '../../../../modules/lib/libvirt/virsh.js'

// Prints its arguments, writes to stderr and exits as the first argument after the URI asks.
const STAND_IN = `#!/bin/sh
shift 2
case "$1" in
  ok) shift; printf '%s|' "$@"; echo ;;
  noeol) printf 'no newline' ;;
  fail) echo "error: failed to get network '$2'" >&2; exit 1 ;;
  mixed) echo out; echo warn >&2 ;;
esac
`

describe('virsh batch (real sh, stand-in virsh)', () => {
  let dir: string
  let host: TaskHost
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsplay-virsh-'))
    writeFileSync(join(dir, 'virsh'), STAND_IN)
    chmodSync(join(dir, 'virsh'), 0o755)
    host = withPath(`${dir}:${process.env.PATH}`)
  })
  const withPath = (path: string) => new TaskHost('local', new LocalConnection(), { env: { PATH: path } })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('answers each command with its own output, code and error text', async () => {
    const replies = await virshBatch(host, 'qemu:///system', [
      ['ok', "it's", 'two words', '$(touch /nonexistent)', '"'],
      ['fail', 'lab'],
      ['noeol'],
      ['mixed'],
      ['ok'],
    ])
    expect(replies).to.deep.equal([
      { rc: 0, stdout: `it's|two words|$(touch /nonexistent)|"|\n`, stderr: '' },
      { rc: 1, stdout: '', stderr: "error: failed to get network 'lab'" },
      { rc: 0, stdout: 'no newline', stderr: '' },
      { rc: 0, stdout: 'out\n', stderr: 'warn' },
      { rc: 0, stdout: '|\n', stderr: '' },
    ])
  })

  it('passes more than nine values by position', async () => {
    const words = Array.from({ length: 12 }, (_, i) => `w${i}`)
    const [reply] = await virshBatch(host, 'qemu:///system', [['ok', ...words]])
    expect(reply!.stdout).to.equal(`${words.join('|')}|\n`)
  })

  it('says when virsh is missing', async () => {
    const shOnly = join(dir, 'sh-only')
    mkdirSync(shOnly)
    symlinkSync('/bin/sh', join(shOnly, 'sh'))
    const error = await virshBatch(withPath(shOnly), 'qemu:///system', [['ok']]).catch((err: unknown) => err)
    expect(error).to.be.instanceOf(VirshUnavailable)
    expect((error as Error).message).to.match(/^virsh was not found on the target; install libvirt-clients/)
  })

  it('says when the batch cannot run at all', async () => {
    const error = await virshBatch(withPath(join(dir, 'nothing')), 'qemu:///system', [['ok']]).catch((err: unknown) => err)
    expect(error).to.be.instanceOf(VirshUnavailable)
    expect((error as Error).message).to.match(/^could not run virsh on the target: /)
  })
})

describe('virsh output parsing', () => {
  it('reads info fields', () => {
    expect(parseInfo('Name:           lab\nActive:         yes\nBridge:         virbr1\n\n')).to.deep.equal({ Name: 'lab', Active: 'yes', Bridge: 'virbr1' })
  })
  it('reads name lists', () => {
    expect(parseNames('default\nlab-prov\n\n')).to.deep.equal(['default', 'lab-prov'])
  })
  it('joins error lines without their prefix', () => {
    expect(virshError({ rc: 1, stdout: '', stderr: 'error: Failed to start network x\nerror: internal error: busy\n' })).to.equal('Failed to start network x: internal error: busy')
    expect(virshError({ rc: 3, stdout: '', stderr: '' })).to.equal('virsh exited with 3')
  })
})
