// Differential test: events recorded from real ansible-playbook 2.14 runs (see
// fixtures/ansible/capture.sh) are replayed through tsplay's screen reporter; what
// it prints must equal, byte for byte, what ansible-playbook printed.
import { expect } from 'chai'
import { createReporter, type ReporterOptions } from '../../../engine/output/index.js'
import { Capture, readCapture, readEvents, replay, withoutCliPreamble } from './helpers.js'

interface Case {
  capture: string
  verbosity?: number
  diff?: boolean
  check?: boolean
  options?: Partial<ReporterOptions>
}

const cases: Case[] = [
  { capture: 'basic' },
  { capture: 'basic-v', verbosity: 1 },
  { capture: 'basic-vv', verbosity: 2 },
  { capture: 'fail' },
  { capture: 'fail-v', verbosity: 1 },
  { capture: 'misc' },
  { capture: 'misc-v', verbosity: 1 },
  { capture: 'diff-check', diff: true, check: true },
  { capture: 'diff-markers', diff: true, check: true, options: { checkModeMarkers: true } },
  { capture: 'stats', options: { showCustomStats: true } },
  { capture: 'quiet', options: { displayOkHosts: false, displaySkippedHosts: false } },
  // Recorded with ANSIBLE_FORCE_COLOR: the same escape sequences, line by line.
  { capture: 'basic-color', options: { color: true } },
  { capture: 'fail-color', options: { color: true } },
  { capture: 'diff-color', diff: true, check: true, options: { color: true } },
]

async function run(c: Case): Promise<{ out: string; err: string }> {
  const out = new Capture()
  const err = new Capture()
  const reporter = createReporter({
    format: 'screen', verbosity: c.verbosity ?? 0, diff: c.diff ?? false, check: c.check,
    stream: out, errStream: err, color: false, live: false, ...c.options,
  })
  replay(readEvents(c.capture), reporter)
  await reporter.close()
  return { out: out.text, err: err.text }
}

describe('screen output replays ansible-playbook 2.14 byte for byte', () => {
  for (const c of cases) {
    it(`${c.capture}: stdout`, async () => {
      const { out } = await run(c)
      expect(out).to.equal(withoutCliPreamble(readCapture(c.capture, 'stdout')))
    })
    it(`${c.capture}: stderr (warnings)`, async () => {
      const { err } = await run(c)
      expect(err).to.equal(readCapture(c.capture, 'stderr'))
    })
  }
})
