// The JSON output against ansible.posix.json's output for the same recorded run, and
// its shape in cases the recordings do not cover.
import { expect } from 'chai'
import { createReporter } from '../../../engine/output/index.js'
import { JsonReporter, isoMicros } from '../../../engine/output/json.js'
import { Display } from '../../../engine/output/display.js'
import { TerminalSink } from '../../../engine/output/terminal.js'
import { CENSORED_MESSAGE } from '../../../engine/output/redact.js'
import type { TaskInfo } from '../../../engine/output/events.js'
import { Capture, readCapture, readEvents, replay } from './helpers.js'

/** Durations differ between runs; everything else must match. */
function withoutDurations(doc: any): any {
  for (const play of doc.plays) {
    play.play.duration = 'x'
    for (const task of play.tasks) task.task.duration = 'x'
  }
  return doc
}

describe('JSON output', () => {
  for (const [capture, showCustomStats] of [['fail-json', false], ['stats-json', true]] as const) {
    it(`matches ansible.posix.json for the ${capture} run`, async () => {
      const out = new Capture()
      const reporter = createReporter({ format: 'json', verbosity: 0, diff: false, stream: out, errStream: new Capture(), showCustomStats })
      replay(readEvents(capture), reporter)
      await reporter.close()
      const expected = withoutDurations(JSON.parse(readCapture(capture, 'stdout')))
      expect(withoutDurations(JSON.parse(out.text))).to.deep.equal(expected)
    })
  }

  it('indents with 4 spaces and sorts keys like Python', async () => {
    const out = new Capture()
    const reporter = createReporter({ format: 'json', verbosity: 0, diff: false, stream: out, errStream: new Capture() })
    replay(readEvents('fail-json'), reporter)
    await reporter.close()
    expect(out.text.split('\n').slice(0, 4).join('\n')).to.equal(readCapture('fail-json', 'stdout').split('\n').slice(0, 4).join('\n'))
  })

  const task: TaskInfo = { name: 'secret', action: 'command', id: 't1', isHandler: false, noLog: true, checkMode: false, diffMode: false, pos: { file: '/p/site.yml', line: 7, column: 5 } }

  function runOne(now: () => number) {
    const out = new Capture()
    const err = new Capture()
    const messages = new Display(new TerminalSink({ out: err, color: false }), { verbosity: 1 })
    const reporter = new JsonReporter({ out, messages, now })
    reporter.playStart({ name: '', hosts: 'web', id: 'p1', pos: { file: '/p/site.yml', line: 1, column: 3 } })
    reporter.taskStart(task)
    reporter.warning('careful')
    reporter.verbose('detail', 1)
    reporter.hostResult({ host: 'web1', task, status: 'changed', result: { changed: true, stdout: 'token=abc' } })
    reporter.recap(new Map([['web1', { ok: 1, changed: 1, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 }]]), { _run: { n: 1 } })
    return { doc: JSON.parse(out.text), err: err.text }
  }

  it('censors no_log results, names unnamed plays by their hosts, keeps paths and stamps', () => {
    const { doc } = runOne(() => Date.UTC(2024, 4, 1, 10, 0, 0, 123) + 0.456)
    const play = doc.plays[0]
    expect(play.play).to.deep.equal({
      name: 'web', id: 'p1', path: '/p/site.yml:1',
      duration: { start: '2024-05-01T10:00:00.123456Z', end: '2024-05-01T10:00:00.123456Z' },
    })
    expect(play.tasks[0].task.path).to.equal('/p/site.yml:7')
    expect(play.tasks[0].hosts.web1).to.deep.equal({ censored: CENSORED_MESSAGE, changed: true, action: 'command' })
    expect(doc.stats.web1).to.deep.equal({ changed: 1, failures: 0, ignored: 0, ok: 1, rescued: 0, skipped: 0, unreachable: 0 })
  })

  it('leaves custom stats out unless show_custom_stats, and keeps messages off stdout', () => {
    const { doc, err } = runOne(() => 0)
    expect(doc.custom_stats).to.deep.equal({})
    expect(doc.global_custom_stats).to.deep.equal({})
    expect(err).to.equal('[WARNING]: careful\ndetail\n')
  })

  it('writes Python isoformat microseconds', () => {
    expect(isoMicros(Date.UTC(2024, 0, 2, 3, 4, 5, 6) + 0.007)).to.equal('2024-01-02T03:04:05.006007Z')
  })
})
