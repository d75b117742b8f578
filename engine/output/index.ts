// The run's reporter: the screen (Ansible's default callback) or JSON on stdout, plus
// the log file when log_path is set.
import type { Writable } from 'node:stream'
import type { Settings } from '../config.js'
import type { RunReporter } from './events.js'
import { Display } from './display.js'
import { JsonReporter } from './json.js'
import { openLogFile } from './logfile.js'
import { MultiReporter } from './multi.js'
import { ProgressDisplay } from './progress.js'
import { ScreenReporter, type ScreenOptions } from './screen.js'
import { TerminalSink } from './terminal.js'

export type { RunReporter } from './events.js'
export { redactNoLog } from './redact.js'

export interface ReporterOptions extends Omit<ScreenOptions, 'verbosity' | 'diff'> {
  format: 'screen' | 'json'
  verbosity: number
  diff: boolean
  logPath?: string
  /** stdout by default. */
  stream?: Writable
  /** Warnings and deprecations: stderr by default, `stream` when only that is given. */
  errStream?: Writable
  /** Colours: default only on a TTY (nocolor/force_color decide when set). */
  color?: boolean
  /** Width of banners; default from the terminal, 80 columns when not a TTY. */
  columns?: number
  /** Tick the live status line by a timer (default true; tests turn it off). */
  live?: boolean
}

export function createReporter(opts: ReporterOptions): RunReporter {
  const out = opts.stream ?? process.stdout
  const err = opts.errStream ?? (opts.stream ?? process.stderr)
  const terminal = new TerminalSink({ out, err, color: opts.color, columns: opts.columns })
  const display = new Display(terminal, { verbosity: opts.verbosity, deprecationWarnings: opts.deprecationWarnings })
  const main = opts.format === 'json' ? jsonReporter(opts, out, err) : screenReporter(opts, terminal, display)
  if (!opts.logPath) return main
  const log = openLogFile(opts.logPath, opts, (msg) => display.warning(msg))
  return log ? new MultiReporter([main, log]) : main
}

function screenReporter(opts: ReporterOptions, terminal: TerminalSink, display: Display): RunReporter {
  const live = new ProgressDisplay({
    terminal,
    writeLine: (text) => display.display(text, { screenOnly: true }),
    timer: opts.live ?? true,
  })
  return new ScreenReporter(display, opts, live)
}

function jsonReporter(opts: ReporterOptions, out: Writable, err: Writable): RunReporter {
  // Everything but the document goes to stderr, uncoloured, so stdout stays valid JSON.
  const messages = new Display(new TerminalSink({ out: err, color: false, columns: opts.columns }), {
    verbosity: opts.verbosity,
    deprecationWarnings: opts.deprecationWarnings,
  })
  return new JsonReporter({ out, messages, showCustomStats: opts.showCustomStats })
}

const JSON_CALLBACKS = new Set(['json', 'ansible.posix.json'])
/** community.general.yaml is the default callback with YAML results. */
const YAML_CALLBACKS = new Set(['yaml', 'community.general.yaml'])
const SCREEN_CALLBACKS = new Set(['default', 'ansible.builtin.default'])

/**
 * The output options ansible.cfg / ANSIBLE_* settle. The CLI adds verbosity (the
 * larger of -v and `verbosity`), --diff (or `diff_always`) and --check.
 */
export function reporterOptionsFromSettings(s: Settings): { options: Omit<ReporterOptions, 'verbosity' | 'diff'>; warnings: string[] } {
  const warnings: string[] = []
  const callback = s.stdoutCallback
  if (!JSON_CALLBACKS.has(callback) && !YAML_CALLBACKS.has(callback) && !SCREEN_CALLBACKS.has(callback)) {
    warnings.push(`stdout_callback '${callback}' is not available in tsplay; using 'default'`)
  }
  return {
    warnings,
    options: {
      format: JSON_CALLBACKS.has(callback) ? 'json' : 'screen',
      // force_color wins over nocolor, as in Ansible; neither set = colour on a TTY only.
      color: s.forceColor ? true : s.noColor ? false : undefined,
      logPath: s.logPath,
      displaySkippedHosts: s.displaySkippedHosts,
      displayOkHosts: s.displayOkHosts,
      displayFailedStderr: s.displayFailedStderr,
      showCustomStats: s.showCustomStats,
      checkModeMarkers: s.checkModeMarkers,
      showTaskPathOnFailure: s.showTaskPathOnFailure,
      actionWarnings: s.actionWarnings,
      resultFormat: YAML_CALLBACKS.has(callback) ? 'yaml' : s.callbackResultFormat,
      prettyResults: s.callbackFormatPretty,
      diffContext: s.diffContext,
      deprecationWarnings: s.deprecationWarnings,
    },
  }
}
