import { expect } from 'chai'
import pause from '../../../modules/pause.js'
import { FakeHost, fakeContext } from './fake-host.js'

describe('pause module (stdin is not a terminal here)', () => {
  before(function () {
    if (process.stdin.isTTY) this.skip()
  })

  it('waits the given seconds and reports it like Ansible', async () => {
    const ctx = fakeContext()
    const started = Date.now()
    const out = await pause.run(new FakeHost(), { seconds: 1, echo: true }, ctx)
    expect(Date.now() - started).to.be.within(950, 3000)
    expect(out.kind).to.equal('ok')
    expect(out.result).to.include({ rc: 0, stderr: '', delta: 1, echo: true, user_input: '' })
    expect(out.result.stdout).to.match(/^Paused for 1(\.\d+)? seconds$/)
    expect(ctx.progressLines[0]).to.equal('Pausing for 1 seconds')
  })

  it('returns at once from a prompt, with empty user input and a warning', async () => {
    const ctx = fakeContext({ taskName: 'confirm' })
    const started = Date.now()
    const out = await pause.run(new FakeHost(), { prompt: 'Continue?', echo: false }, ctx)
    expect(Date.now() - started).to.be.below(500)
    expect(out.result).to.include({ stdout: 'Paused for 0.0 minutes', delta: 0, user_input: '', echo: false })
    expect(ctx.progressLines).to.deep.equal([
      '[confirm]\nContinue? (output is hidden):',
      '[WARNING]: Not waiting for response to prompt as stdin is not interactive',
    ])
  })

  it('stops waiting when the run is aborted', async () => {
    const abort = new AbortController()
    setTimeout(() => abort.abort(), 50)
    let caught: Error | undefined
    await pause.run(new FakeHost(), { minutes: 1, echo: true }, fakeContext({ signal: abort.signal })).catch((e) => (caught = e))
    expect(caught?.name).to.equal('AbortError')
  })
})
