// Screen output in situations the recorded ansible runs do not cover.
import { expect } from 'chai'
import { loadConfig } from '../../../engine/config.js'
import { createReporter, reporterOptionsFromSettings, type ReporterOptions } from '../../../engine/output/index.js'
import type { HostResultEvent, RunReporter, TaskInfo } from '../../../engine/output/events.js'
import { CENSORED_MESSAGE } from '../../../engine/output/redact.js'
import { Capture } from './helpers.js'

const task = (over: Partial<TaskInfo> = {}): TaskInfo => ({
  name: 'install', action: 'command', id: 't1', isHandler: false, noLog: false, checkMode: false, diffMode: false,
  pos: { file: '/p/site.yml', line: 12, column: 7 }, ...over,
})

function screen(opts: Partial<ReporterOptions> = {}): { reporter: RunReporter; out: Capture; err: Capture } {
  const out = new Capture()
  const err = new Capture()
  const reporter = createReporter({ format: 'screen', verbosity: 0, diff: false, stream: out, errStream: err, color: false, live: false, ...opts })
  return { reporter, out, err }
}

function result(ev: Partial<HostResultEvent> & { result: Record<string, unknown> }): HostResultEvent {
  return { host: 'web1', task: task(), status: 'ok', ...ev }
}

const banner = (text: string) => `\n${text} ${'*'.repeat(79 - text.length)}\n`

describe('screen reporter', () => {
  it('-vvv prints results indented, with invocation and diff kept', () => {
    const { reporter, out } = screen({ verbosity: 3 })
    reporter.taskStart(task())
    reporter.hostResult(result({ status: 'changed', result: { changed: true, invocation: { module_args: { a: 1 } }, diff: { before: '' }, _ansible_no_log: false } }))
    expect(out.text).to.equal(banner('TASK [install]') + 'task path: /p/site.yml:12\n'
      + 'changed: [web1] => {\n    "changed": true,\n    "diff": {\n        "before": ""\n    },\n'
      + '    "invocation": {\n        "module_args": {\n            "a": 1\n        }\n    }\n}\n')
  })

  it('censors a no_log task result even if the executor did not', () => {
    const { reporter, out } = screen({ verbosity: 1 })
    reporter.taskStart(task({ noLog: true }))
    reporter.hostResult(result({ status: 'changed', task: task({ noLog: true }), result: { changed: true, stdout: 'password=hunter2' } }))
    expect(out.text).to.not.include('hunter2')
    expect(out.text).to.include(`changed: [web1] => {"censored": "${CENSORED_MESSAGE}", "changed": true}`)
  })

  it('shows the exception summary, the module warnings and deprecations', () => {
    const { reporter, out, err } = screen()
    reporter.taskStart(task())
    reporter.hostResult(result({
      status: 'failed',
      result: {
        msg: 'boom', exception: 'Traceback:\n  line\nValueError: bad\n', warnings: ['mind the gap'],
        deprecations: [{ msg: 'old param', version: '2.16', collection_name: 'ansible.builtin' }],
      },
    }))
    expect(out.text).to.include('An exception occurred during task execution. To see the full traceback, use -vvv. The error was: ValueError: bad\n'
      + 'fatal: [web1]: FAILED! => {"msg": "boom"}\n')
    // Wrapped as Python's textwrap does with drop_whitespace=False (checked with python3).
    expect(err.text).to.equal('[WARNING]: mind the gap\n[DEPRECATION WARNING]: old param. This feature will be removed from ansible-\n'
      + 'core in version 2.16. Deprecation warnings can be disabled by setting \ndeprecation_warnings=False in ansible.cfg.\n')
  })

  it('writes failures to stderr with display_failed_stderr', () => {
    const { reporter, out, err } = screen({ displayFailedStderr: true })
    reporter.taskStart(task())
    reporter.hostResult(result({ status: 'failed', result: { msg: 'no' } }))
    expect(err.text).to.equal('fatal: [web1]: FAILED! => {"msg": "no"}\n')
    expect(out.text).to.equal(banner('TASK [install]'))
  })

  it('labels delegated hosts, with their address when it differs', () => {
    const { reporter, out } = screen()
    reporter.taskStart(task())
    reporter.hostResult(result({ delegatedTo: 'hv', result: { _ansible_delegated_vars: { ansible_host: '10.0.0.1' } } }))
    reporter.hostResult(result({ host: 'web2', delegatedTo: 'web2', result: {} }))
    expect(out.text).to.include('ok: [web1 -> hv(10.0.0.1)]\nok: [web2]\n')
  })

  it('prints retries, -vvv with the result', () => {
    const { reporter, out } = screen({ verbosity: 3 })
    reporter.retry!({ host: 'web1', task: task(), retriesLeft: 2, result: { rc: 1 } })
    expect(out.text).to.equal('FAILED - RETRYING: [web1]: install (2 retries left).Result was: {\n    "rc": 1\n}\n')
  })

  it('shows only the banner and "included:" for include_tasks', () => {
    const { reporter, out } = screen({ displayOkHosts: false })
    const inc = task({ action: 'include_tasks', name: 'include_tasks' })
    reporter.taskStart(inc)
    reporter.hostResult(result({ task: inc, result: { include: 'x.yml' } }))
    reporter.included!({ file: '/p/x.yml', hosts: ['web1', 'web2'], task: inc, itemLabel: { n: 1 } })
    expect(out.text).to.equal(banner('TASK [include_tasks]') + "included: /p/x.yml for web1, web2 => (item={'n': 1})\n")
  })

  it('repeats the banner per result under the free strategy', () => {
    const { reporter, out } = screen()
    reporter.playStart({ name: 'p', hosts: 'all', id: 'p1', strategy: 'free' })
    const a = task({ id: 'a', name: 'first' })
    const b = task({ id: 'b', name: 'second' })
    reporter.taskStart(a)
    reporter.taskStart(b)
    reporter.hostResult(result({ task: a, result: {} }))
    reporter.hostResult(result({ task: b, result: {} }))
    expect(out.text).to.equal(banner('PLAY [p]') + banner('TASK [first]') + banner('TASK [second]')
      + banner('TASK [first]') + 'ok: [web1]\n' + banner('TASK [second]') + 'ok: [web1]\n')
  })

  it('fills banners to the terminal width and colours on a TTY', () => {
    const out = new Capture()
    out.isTTY = true
    out.columns = 100
    const reporter = createReporter({ format: 'screen', verbosity: 0, diff: false, stream: out, errStream: new Capture(), live: false })
    reporter.noHostsRemaining()
    reporter.noHostsMatched({ name: '', hosts: 'x', id: 'p' })
    expect(out.text).to.equal(`\nNO MORE HOSTS LEFT ${'*'.repeat(99 - 18)}\n\x1b[0;36mskipping: no hosts matched\x1b[0m\n`)
  })

  it('shows a debug result expanded even without _ansible_verbose_always', () => {
    const { reporter, out } = screen()
    const dbg = task({ action: 'debug', name: 'debug' })
    reporter.taskStart(dbg)
    reporter.hostResult(result({ task: dbg, result: { msg: 'hi', changed: false } }))
    reporter.hostResult(result({ task: dbg, status: 'skipped', result: { skip_reason: 'Conditional result was False' } }))
    expect(out.text).to.equal(banner('TASK [debug]') + 'ok: [web1] => {\n    "msg": "hi"\n}\nskipping: [web1]\n')
  })

  it('formats results as YAML with callback_result_format=yaml', () => {
    const { reporter, out } = screen({ resultFormat: 'yaml' })
    reporter.taskStart(task())
    reporter.hostResult(result({ status: 'failed', result: { changed: false, msg: 'boom' } }))
    reporter.hostResult(result({ status: 'changed', result: { changed: true, stdout: 'a\nb', stdout_lines: ['a', 'b'] } }))
    expect(out.text).to.equal(banner('TASK [install]') + 'fatal: [web1]: FAILED! => \n    changed: false\n    msg: boom\n'
      + 'changed: [web1]\n')
    const verbose = screen({ resultFormat: 'yaml', verbosity: 1 })
    verbose.reporter.hostResult(result({ status: 'changed', result: { changed: true, stdout: 'a\nb', stdout_lines: ['a', 'b'] } }))
    expect(verbose.out.text).to.include('changed: [web1] => \n    changed: true\n    stdout: |-\n        a\n        b\n    stdout_lines: <omitted>\n')
  })

  it('prints -v messages at their level, with the host', () => {
    const { reporter, out } = screen({ verbosity: 2 })
    reporter.verbose('seen', 2, 'web1')
    reporter.verbose('hidden', 3)
    reporter.handlerNotified!('restart', 'web1')
    expect(out.text).to.equal('<web1> seen\nNOTIFIED HANDLER restart for web1\n')
  })
})

describe('reporterOptionsFromSettings', () => {
  const base = async (env: Record<string, string>) =>
    reporterOptionsFromSettings(await loadConfig({ cwd: '/nonexistent-tsplay-dir', env: { HOME: '/nonexistent-tsplay-home', ...env } }))
  const table: [Record<string, string>, Record<string, unknown>, number][] = [
    [{}, { format: 'screen', color: undefined, resultFormat: 'json' }, 0],
    [{ ANSIBLE_STDOUT_CALLBACK: 'json' }, { format: 'json' }, 0],
    [{ ANSIBLE_STDOUT_CALLBACK: 'community.general.yaml' }, { format: 'screen', resultFormat: 'yaml' }, 0],
    [{ ANSIBLE_STDOUT_CALLBACK: 'dense' }, { format: 'screen' }, 1],
    [{ ANSIBLE_NOCOLOR: '1' }, { color: false }, 0],
    [{ ANSIBLE_NOCOLOR: '1', ANSIBLE_FORCE_COLOR: 'yes' }, { color: true }, 0],
    [{ ANSIBLE_DISPLAY_OK_HOSTS: 'no', ANSIBLE_LOG_PATH: '/var/log/x.log' }, { displayOkHosts: false, logPath: '/var/log/x.log' }, 0],
  ]
  for (const [env, expected, warnings] of table) {
    it(JSON.stringify(env), async () => {
      const got = await base(env)
      expect(got.options).to.deep.include(expected)
      expect(got.warnings).to.have.length(warnings)
    })
  }
})
