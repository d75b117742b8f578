// The log file (log_path / TSPLAY_LOG): the default callback's lines, without colour,
// one record each, prefixed as Ansible's logging does:
//   2024-05-01 10:00:00,123 p=4242 u=root n=tsplay | TASK [install] ****
// As in Ansible the logger level is INFO, so dark-gray (debug) lines such as
// "task path:" and retries are not logged.
import { accessSync, constants, existsSync } from 'node:fs'
import { dirname } from 'node:path'
import { userInfo } from 'node:os'
import winston from 'winston'
import type { ColorName } from './colors.js'
import { Colors } from './colors.js'
import { Display, type DisplaySink } from './display.js'
import { ScreenReporter, type ScreenOptions } from './screen.js'

type Level = 'error' | 'warn' | 'info' | 'debug'

/** Ansible picks a record's level from the message colour. */
const LEVEL_OF_COLOR: Partial<Record<ColorName, Level>> = {
  [Colors.error]: 'error',
  [Colors.unreachable]: 'error',
  [Colors.warn]: 'warn',
  [Colors.skip]: 'warn',
  [Colors.deprecate]: 'warn',
  [Colors.debug]: 'debug',
  [Colors.ok]: 'info',
  [Colors.changed]: 'info',
  [Colors.verbose]: 'info',
}

export class LogSink implements DisplaySink {
  readonly kind = 'log' as const
  readonly columns = 79
  readonly color = false

  constructor(private readonly logger: winston.Logger) {}

  write(msg: string, opts: { color?: ColorName }): void {
    const level = (opts.color && LEVEL_OF_COLOR[opts.color]) || 'info'
    this.logger.log(level, msg.replace(/^\n+/, ''))
  }
}

export class LogFileReporter extends ScreenReporter {
  constructor(private readonly logger: winston.Logger, private readonly file: winston.transport, opts: ScreenOptions) {
    super(new Display(new LogSink(logger), { verbosity: opts.verbosity, deprecationWarnings: opts.deprecationWarnings }), opts)
  }

  override async close(): Promise<void> {
    await super.close()
    // The file transport, not the logger, says when the last record reached the disk.
    const flushed = new Promise<void>((resolve) => this.file.once('finish', () => resolve()))
    this.logger.end()
    await flushed
  }
}

/**
 * A reporter appending to `path`, or undefined (after `warn`) when the file cannot be
 * written: like Ansible, a bad log_path does not stop the run.
 */
export function openLogFile(path: string, opts: ScreenOptions, warn: (msg: string) => void): LogFileReporter | undefined {
  if (!canWrite(path)) {
    warn(`log file at ${path} is not writeable and we cannot create it, aborting`)
    return undefined
  }
  const file = new winston.transports.File({ filename: path })
  const logger = winston.createLogger({
    level: 'info',
    levels: { error: 0, warn: 1, info: 2, debug: 3 },
    format: winston.format.printf((record) => `${asctime(new Date())} p=${process.pid} u=${userName()} n=tsplay | ${String(record.message)}`),
    transports: [file],
  })
  return new LogFileReporter(logger, file, opts)
}

function canWrite(path: string): boolean {
  try {
    accessSync(existsSync(path) ? path : dirname(path), constants.W_OK)
    return true
  } catch {
    return false
  }
}

/** Python logging's default asctime: local "YYYY-MM-DD HH:MM:SS,mmm". */
export function asctime(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())},${p(d.getMilliseconds(), 3)}`
}

let cachedUser: string | undefined
function userName(): string {
  if (cachedUser === undefined) {
    try {
      cachedUser = userInfo().username
    } catch {
      cachedUser = `uid=${process.getuid?.() ?? '?'}`
    }
  }
  return cachedUser
}
