// The log file: Ansible's record prefix, plain text, the same lines as the screen
// except screen-only ones and debug-level (dark gray) ones.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { createReporter } from '../../../engine/output/index.js'
import { asctime, openLogFile } from '../../../engine/output/logfile.js'
import { Capture, readCapture, readEvents, replay } from './helpers.js'

describe('log file', () => {
  let dir: string
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'tsplay-log-')) })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('logs what the screen shows, prefixed like Ansible, recap uncoloured', async () => {
    const path = join(dir, 'run.log')
    const out = new Capture()
    const reporter = createReporter({ format: 'screen', verbosity: 0, diff: false, stream: out, errStream: new Capture(), color: true, live: false, logPath: path })
    replay(readEvents('fail'), reporter)
    await reporter.close()
    const records = readFileSync(path, 'utf8').split(/\n(?=\d{4}-\d\d-\d\d )/)
    const prefix = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} p=\d+ u=\S+ n=tsplay \| /
    for (const record of records) expect(record).to.match(prefix)
    const messages = records.map((r) => r.replace(prefix, '').replace(/\n$/, ''))
    // Ansible logs each displayed message once, without leading newlines or colour.
    const screenLines = readCapture('fail', 'stdout').split('\n').filter((l) => l !== '')
    expect(messages.join('\n')).to.equal(screenLines.join('\n'))
    expect(out.text).to.include('\x1b[')
  })

  it('keeps no_log results out of the log', async () => {
    const path = join(dir, 'run.log')
    const reporter = openLogFile(path, { verbosity: 1 }, () => {})!
    const task = { name: 's', action: 'command', id: 't', isHandler: false, noLog: true, checkMode: false, diffMode: false }
    reporter.taskStart(task)
    reporter.hostResult({ host: 'h', task, status: 'ok', result: { stdout: 'secret-token' } })
    await reporter.close()
    const text = readFileSync(path, 'utf8')
    expect(text).to.not.include('secret-token')
    expect(text).to.include('censored')
  })

  it('does not log debug-level lines (task path), as Ansible logs at INFO', async () => {
    const path = join(dir, 'run.log')
    const reporter = openLogFile(path, { verbosity: 2 }, () => {})!
    reporter.taskStart({ name: 'x', action: 'ping', id: 't', isHandler: false, noLog: false, checkMode: false, diffMode: false, pos: { file: '/a.yml', line: 3, column: 3 } })
    await reporter.close()
    const text = readFileSync(path, 'utf8')
    expect(text).to.include('TASK [x]')
    expect(text).to.not.include('task path')
  })

  it('warns and carries on when the file cannot be written', () => {
    const warnings: string[] = []
    const reporter = openLogFile(join(dir, 'missing', 'sub', 'run.log'), { verbosity: 0 }, (m) => warnings.push(m))
    expect(reporter).to.equal(undefined)
    expect(warnings[0]).to.match(/^log file at .*run\.log is not writeable and we cannot create it, aborting$/)
  })

  it("formats time as Python logging's asctime", () => {
    expect(asctime(new Date(2024, 0, 2, 3, 4, 5, 6))).to.equal('2024-01-02 03:04:05,006')
  })
})
