// "Writes are atomic": a child process writes a large file (256 MiB) over an existing one
// through LocalConnection.writeFile and is killed with SIGKILL while the data is still
// going into the temp file. The old file must be byte-identical afterwards, and the only
// other thing left in the folder may be the hidden temp file (.NAME.tsplay-<12 hex>.tmp,
// where Ansible's atomic_move leaves .ansible_tmp<random>NAME).
import { expect } from 'chai'
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'atomic-write-child.ts')
const LARGE = 256 * 1024 * 1024
const TEMP_NAME = /^\.disk\.img\.tsplay-[0-9a-f]{12}\.tmp$/

const sha256 = async (path: string) => createHash('sha256').update(await readFile(path)).digest('hex')

function startWriter(target: string, size: number): { child: ChildProcess; started: Promise<void>; exited: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, target, String(size)], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  let markStarted: () => void = () => {}
  const started = new Promise<void>((resolve) => (markStarted = resolve))
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
    if (stdout.includes('writing\n')) markStarted()
  })
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => {
      markStarted()
      resolve({ code, signal, stdout, stderr })
    }),
  )
  return { child, started, exited }
}

/** Entries of `dir` other than `keep`, with their sizes. */
async function others(dir: string, keep: string): Promise<Array<{ name: string; size: number }>> {
  const names = (await readdir(dir)).filter((name) => name !== keep)
  return Promise.all(names.map(async (name) => ({ name, size: (await stat(join(dir, name)).catch(() => ({ size: -1 }))).size })))
}

describe('atomic writes (local connection)', function () {
  this.timeout(120_000)
  let dir: string
  let target: string
  let oldDigest: string

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tsplay-atomic-'))
    target = join(dir, 'disk.img')
    await writeFile(target, randomBytes(1024 * 1024))
    oldDigest = await sha256(target)
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  it('a completed write replaces the file and leaves no temp file behind', async () => {
    const writer = startWriter(target, 4 * 1024 * 1024)
    const result = await writer.exited
    expect(result.code, result.stderr).to.equal(0)
    expect(result.stdout).to.contain('written')
    expect((await stat(target)).size).to.equal(4 * 1024 * 1024)
    expect(await others(dir, 'disk.img')).to.deep.equal([])
  })

  it('SIGKILL while the temp file is being written leaves the old file intact', async () => {
    const writer = startWriter(target, LARGE)
    await writer.started
    // Wait until the temp file exists and has data, but not all of it: then kill.
    let seen: { name: string; size: number } | undefined
    const deadline = Date.now() + 60_000
    while (!seen && Date.now() < deadline && writer.child.exitCode === null) {
      seen = (await others(dir, 'disk.img')).find((entry) => entry.size > 0 && entry.size < LARGE)
      if (!seen) await sleep(2)
    }
    writer.child.kill('SIGKILL')
    const result = await writer.exited
    expect(seen, `never saw a partly written temp file (child: ${result.stdout}${result.stderr})`).to.not.equal(undefined)
    expect(result.signal).to.equal('SIGKILL')
    expect(result.stdout).to.not.contain('written')
    expect(await sha256(target), 'the old file is byte-identical').to.equal(oldDigest)
    const left = await others(dir, 'disk.img')
    expect(left.length, JSON.stringify(left)).to.be.at.most(1)
    for (const entry of left) {
      expect(entry.name).to.match(TEMP_NAME)
      expect(entry.size).to.be.below(LARGE)
    }
  })
})
