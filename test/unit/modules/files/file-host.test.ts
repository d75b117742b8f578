import { expect } from 'chai'
import { fileHost } from '../../../../modules/lib/files/file-host.js'
import type { HostStatOptions } from '../../../../engine/module.js'
import { FakeHost } from '../fake-host.js'

/** A FakeHost that also records what each stat asked for. */
class NeedRecordingHost extends FakeHost {
  readonly needs: (string | undefined)[] = []
  override async stat(path: string, opts: HostStatOptions = {}) {
    this.needs.push(opts.need)
    return super.stat(path, opts)
  }
}

describe('fileHost (the file modules view of a Host)', () => {
  it('asks for attributes only unless told otherwise', async () => {
    const host = new NeedRecordingHost().withFile('/f', 'x')
    await fileHost(host).stat('/f')
    await fileHost(host, 'all').stat('/f')
    await fileHost(host).stat('/g', { need: 'all' })
    expect(host.needs).to.deep.equal(['attributes', 'all', 'all'])
  })

  it('answers a repeated question from what it learned, per path and per follow', async () => {
    const host = new NeedRecordingHost().withFile('/f', 'x')
    const view = fileHost(host)
    const first = await view.stat('/f')
    await view.stat('/f')
    await view.stat('/f', { follow: true })
    expect(host.ops).to.deep.equal(['stat', 'stat'])
    // A copy each time: what one caller adds is not seen by the next.
    first!.linkTarget = 'changed'
    expect((await view.stat('/f'))!.linkTarget).to.equal(undefined)
  })

  it('asks again for all after attributes, but not for attributes after all', async () => {
    const host = new NeedRecordingHost().withFile('/f', 'x')
    const view = fileHost(host)
    await view.stat('/f')
    await view.stat('/f', { need: 'all' })
    await view.stat('/f')
    expect(host.needs).to.deep.equal(['attributes', 'all'])
  })

  it('forgets everything once it writes or runs a command', async () => {
    const host = new NeedRecordingHost().withFile('/f', 'x')
    const view = fileHost(host)
    expect((await view.stat('/f'))!.size).to.equal(1)
    await view.write('/f', 'longer')
    expect((await view.stat('/f'))!.size).to.equal(6)
    await view.exec(['true'])
    await view.stat('/f')
    expect(host.ops).to.deep.equal(['stat', 'write', 'stat', 'exec', 'stat'])
  })

  it('does not keep failures', async () => {
    let calls = 0
    const host = new FakeHost()
    host.stat = async () => {
      if (calls++ === 0) throw Object.assign(new Error('EIO'), { code: 'EIO' })
      return null
    }
    const view = fileHost(host)
    const code = await view.stat('/f').then(() => 'none', (e: NodeJS.ErrnoException) => e.code)
    expect(code).to.equal('EIO')
    expect(await view.stat('/f')).to.equal(null)
    expect(calls).to.equal(2)
  })
})
