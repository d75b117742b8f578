// The live display of long tasks: a status line on a terminal, periodic lines elsewhere.
import { expect } from 'chai'
import { Display } from '../../../engine/output/display.js'
import type { TaskInfo } from '../../../engine/output/events.js'
import { ProgressDisplay, formatElapsed } from '../../../engine/output/progress.js'
import { ScreenReporter } from '../../../engine/output/screen.js'
import { TerminalSink } from '../../../engine/output/terminal.js'
import { Capture } from './helpers.js'

const task: TaskInfo = { name: 'install undercloud', action: 'command', id: 't', isHandler: false, noLog: false, checkMode: false, diffMode: false }

function setup(tty: boolean) {
  const out = new Capture()
  out.isTTY = tty
  out.columns = 120
  let clock = 0
  const terminal = new TerminalSink({ out, color: false })
  const display = new Display(terminal, { verbosity: 0 })
  const live = new ProgressDisplay({ terminal, writeLine: (t) => display.display(t, { screenOnly: true }), now: () => clock })
  const reporter = new ScreenReporter(display, { verbosity: 0 }, live)
  return { out, reporter, live, advance: (ms: number) => { clock += ms; live.tick() } }
}

describe('live progress', () => {
  it('shows a status line on a terminal after 2 s of quiet, and wipes it before the next line', () => {
    const { out, reporter, advance } = setup(true)
    reporter.taskStart(task)
    reporter.hostStart!('uc', task)
    const afterBanner = out.text
    advance(1_000)
    expect(out.text).to.equal(afterBanner)
    advance(1_500)
    expect(out.text.slice(afterBanner.length)).to.equal('  still running: [uc] install undercloud (2s)')
    reporter.progress('uc', task, 'Configuring neutron\n')
    expect(out.text.endsWith('\r\x1b[K  still running: [uc] install undercloud (2s) last: Configuring neutron')).to.equal(true)
    reporter.hostResult({ host: 'uc', task, status: 'changed', result: { changed: true } })
    expect(out.text.endsWith('\r\x1b[Kchanged: [uc]\n')).to.equal(true)
    advance(5_000) // the only host is done: nothing more to show
    expect(out.text.endsWith('changed: [uc]\n')).to.equal(true)
  })

  it('prints a "still running" line every 30 s when not on a terminal', () => {
    const { out, reporter, advance } = setup(false)
    reporter.taskStart(task)
    reporter.hostStart!('uc', task)
    reporter.hostStart!('hv', task)
    reporter.hostStart!('c1', task)
    reporter.progress('hv', task, 'step 3/9')
    const afterBanner = out.text
    advance(29_000)
    expect(out.text).to.equal(afterBanner)
    advance(1_000)
    expect(out.text.slice(afterBanner.length)).to.equal('  still running: [uc, hv +1] install undercloud (30s) last: [hv] step 3/9\n')
    advance(60_000)
    expect(out.text.split('\n').filter((l) => l.includes('still running'))).to.have.length(2)
    expect(out.text).to.include('(1m30s)')
    expect(out.text).to.not.include('\x1b')
  })

  it('stops reporting once the play moves on', () => {
    const { out, reporter, advance } = setup(false)
    reporter.taskStart(task)
    reporter.recap(new Map())
    const before = out.text
    advance(120_000)
    expect(out.text).to.equal(before)
  })

  it('formats elapsed time', () => {
    expect([0, 12_400, 90_000, 3_723_000].map(formatElapsed)).to.deep.equal(['0s', '12s', '1m30s', '1h02m03s'])
  })
})
