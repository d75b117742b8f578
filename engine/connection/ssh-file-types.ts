// `file --mime-type --mime-encoding` for the stat module without loading file's magic
// database (about 4 ms of CPU) once per path: one `file -n -f -` process per connection
// and user reads paths on stdin and answers each with one line, in order. Its first
// answer (for "/") proves it runs. A path that cannot travel on a line of its own ("-"
// means stdin to file; a newline would split it) is not asked.
import { StringDecoder } from 'node:string_decoder'
import type { ClientChannel } from 'ssh2'

export const FILE_TYPES_ARGV = ['file', '-n', '--mime-type', '--mime-encoding', '-f', '-']

interface Waiter {
  resolve(line: string): void
  reject(err: Error): void
}

export class FileTypeService {
  private readonly waiting: Waiter[] = []
  private readonly decoder = new StringDecoder('utf8')
  private partial = ''
  private closedError?: Error

  private constructor(private readonly channel: ClientChannel) {
    channel.on('data', (chunk: Buffer) => this.receive(this.decoder.write(chunk)))
    channel.stderr.resume()
    channel.on('close', () => this.fail(new Error('the file process ended')))
  }

  static async start(channel: ClientChannel): Promise<FileTypeService> {
    const service = new FileTypeService(channel)
    const first = await service.ask('/')
    if (!first?.startsWith('/: ')) {
      service.end()
      throw new Error(`file answered "${first}" for /`)
    }
    return service
  }

  get isOpen(): boolean {
    return this.closedError === undefined
  }

  get busy(): boolean {
    return this.waiting.length > 0
  }

  /** End of input: file exits. */
  end(): void {
    this.channel.end()
  }

  /** A path that can travel on a line of its own. */
  static canAsk(path: string): boolean {
    return path !== '' && path !== '-' && !path.includes('\n')
  }

  /** file's line for `path` ("path: type; charset=…"); only for paths that canAsk. */
  ask(path: string): Promise<string> {
    if (!FileTypeService.canAsk(path)) return Promise.reject(new Error(`cannot ask file about ${JSON.stringify(path)}`))
    if (this.closedError) return Promise.reject(this.closedError)
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject })
      this.channel.write(`${path}\n`)
    })
  }

  private receive(text: string): void {
    this.partial += text
    let end: number
    while ((end = this.partial.indexOf('\n')) >= 0) {
      const line = this.partial.slice(0, end)
      this.partial = this.partial.slice(end + 1)
      this.waiting.shift()?.resolve(line)
    }
  }

  private fail(err: Error): void {
    if (this.closedError) return
    this.closedError = err
    for (const waiter of this.waiting.splice(0)) waiter.reject(err)
  }
}
