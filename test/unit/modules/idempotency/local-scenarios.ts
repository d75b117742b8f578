// Scenarios that run for real on this machine, in-process, through the local connection:
// the file modules inside a private folder, command/shell/script/raw with `creates`,
// get_url against a loopback HTTP server, unarchive of an archive made for the test,
// and the modules that only read or only talk to the engine.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { LocalConnection } from '../../../../engine/connection/local.js'
import { TaskHost, type Host } from '../../../../engine/module.js'
import type { Expectation, Scenario } from './scenario.js'
import { treeSnapshot } from './snapshot.js'

export interface LocalSetting {
  /** A folder of its own per scenario is made under this one. */
  root: string
  /** Controller-side folder (files/ of a playbook) with the sources scenarios copy from. */
  controller: string
  /** URL of a file served by the loopback test server. */
  downloadUrl: string
}

const localHost = (): Host => new TaskHost('localhost', new LocalConnection(), {})
const REAL = 'real, in a temp folder'

/** A scenario whose world is its own folder `dir`, snapshotted as a tree. */
function inFolder(module: string, dir: string, params: Record<string, unknown>, extra: Partial<Scenario> & { expect?: Expectation } = {}): Scenario {
  return {
    module,
    how: REAL,
    expect: 'converges',
    host: localHost,
    snapshot: () => treeSnapshot(dir),
    ...extra,
    params,
    setup: async () => {
      await mkdir(dir, { recursive: true })
      await extra.setup?.()
    },
  }
}

function fileScenarios(s: LocalSetting): Scenario[] {
  const at = (name: string, ...rest: string[]) => join(s.root, name, ...rest)
  const findFile = (name: string) => (existsSync(join(s.controller, name)) ? join(s.controller, name) : undefined)
  const withFile = (path: string, text: string) => () => writeFile(path, text)
  return [
    inFolder('file', at('file'), { path: at('file', 'images'), state: 'directory', mode: '0750' }),
    inFolder('copy', at('copy'), { src: 'lab.conf', dest: at('copy', 'lab.conf'), mode: '0640' }, { context: { findFile } }),
    inFolder('template', at('template'), { src: 'lab.conf', dest: at('template', 'rendered.conf') }, { context: { findFile } }),
    inFolder('lineinfile', at('lineinfile'), { path: at('lineinfile', 'sysctl.conf'), regexp: '^net.ipv4.ip_forward', line: 'net.ipv4.ip_forward = 1' }, {
      setup: withFile(at('lineinfile', 'sysctl.conf'), 'net.ipv4.ip_forward = 0\n'),
    }),
    inFolder('blockinfile', at('blockinfile'), { path: at('blockinfile', 'hosts'), block: '192.168.24.1 undercloud\n', create: true }),
    inFolder('replace', at('replace'), { path: at('replace', 'kvm.conf'), regexp: 'nested=0', replace: 'nested=1' }, {
      setup: withFile(at('replace', 'kvm.conf'), 'options kvm_intel nested=0\n'),
    }),
    inFolder('ini_file', at('ini_file'), { path: at('ini_file', 'ironic.conf'), section: 'DEFAULT', option: 'auth_strategy', value: 'noauth' }),
    inFolder('fetch', at('fetch'), { src: at('fetch', 'remote.conf'), dest: at('fetch', 'fetched') + '/', flat: true }, {
      setup: withFile(at('fetch', 'remote.conf'), 'fetched = yes\n'),
    }),
    inFolder('tempfile', at('tempfile'), { path: at('tempfile'), prefix: 'scratch.' }, {
      expect: 'always-changes',
      how: `${REAL}; makes a new file on every run, as in Ansible`,
    }),
    inFolder('stat', at('stat'), { path: at('stat') }, { expect: 'no-change' }),
    inFolder('find', at('find'), { paths: at('find'), patterns: '*.conf' }, { expect: 'no-change', setup: withFile(at('find', 'a.conf'), 'a\n') }),
    inFolder('slurp', at('slurp'), { src: at('slurp', 'key') }, { expect: 'no-change', setup: withFile(at('slurp', 'key'), 'secret\n') }),
    inFolder('get_url', at('get_url'), { url: s.downloadUrl, dest: at('get_url', 'image.qcow2'), mode: '0644' }, { how: 'real, from a loopback HTTP server' }),
    inFolder('unarchive', at('unarchive'), { src: 'bundle.tar.gz', dest: at('unarchive') }, {
      how: 'real, a tar.gz made for the test',
      context: { findFile },
    }),
  ]
}

function commandScenarios(s: LocalSetting): Scenario[] {
  const at = (name: string, ...rest: string[]) => join(s.root, name, ...rest)
  const findFile = (name: string) => (existsSync(join(s.controller, name)) ? join(s.controller, name) : undefined)
  return [
    inFolder('command', at('command'), { argv: ['touch', at('command', 'created.flag')], creates: at('command', 'created.flag') }, { how: `${REAL}, with creates` }),
    inFolder('shell', at('shell'), { cmd: `echo prepared > ${at('shell', 'state')}`, creates: at('shell', 'state') }, { how: `${REAL}, with creates` }),
    inFolder('script', at('script'), { _raw_params: `prepare.sh ${at('script', 'prepared')}`, creates: at('script', 'prepared') }, {
      how: `${REAL}, with creates`,
      context: { findFile },
    }),
    inFolder('raw', at('raw'), { _raw_params: `date +%N > ${at('raw', 'ran')}` }, {
      expect: 'always-changes',
      how: `${REAL}; raw has no creates and always reports changed, as in Ansible`,
    }),
  ]
}

/** Modules that read the target or only answer the engine: nothing may change. */
function readOnlyScenarios(s: LocalSetting): Scenario[] {
  const dir = join(s.root, 'read-only')
  const vars = join(s.controller, 'lab-vars.yml')
  const readOnly = (module: string, params: Record<string, unknown>, how: string, extra: Partial<Scenario> = {}) =>
    inFolder(module, dir, params, { expect: 'no-change', how, ...extra })
  return [
    readOnly('ping', {}, 'real, local connection'),
    readOnly('setup', { gather_subset: ['!all', '!min', 'date_time'] }, 'real, gathers facts of this machine'),
    readOnly('wait_for', { path: dir, timeout: 5 }, 'real, the path exists'),
    readOnly('pause', { seconds: 1 }, 'real, a one-second pause'),
    readOnly('debug', { msg: 'hello' }, 'controller only'),
    readOnly('set_fact', { lab_ready: true }, 'controller only'),
    readOnly('assert', { that: ['1 == 1'] }, 'controller only'),
    readOnly('include_vars', { file: vars }, 'controller only, a vars file', { context: { findFile: (name: string) => (existsSync(name) ? name : undefined) } }),
    readOnly('add_host', { name: 'undercloud', groups: ['lab'] }, 'controller only; the engine applies the result'),
    readOnly('group_by', { key: 'hypervisors' }, 'controller only; the engine applies the result'),
    inFolder('fail', dir, { msg: 'refusing' }, { expect: 'fails', how: 'controller only; fails by design' }),
  ]
}

export function localScenarios(s: LocalSetting): Scenario[] {
  return [...fileScenarios(s), ...commandScenarios(s), ...readOnlyScenarios(s)]
}

/** The controller-side files the scenarios copy, template, unpack and run. */
export async function prepareController(dir: string): Promise<void> {
  await mkdir(join(dir, 'bundle', 'vbmc'), { recursive: true })
  await writeFile(join(dir, 'lab.conf'), '[lab]\nnested_kvm = true\n')
  await writeFile(join(dir, 'lab-vars.yml'), 'lab_nodes: 3\n')
  await writeFile(join(dir, 'prepare.sh'), '#!/bin/sh\necho prepared > "$1"\n', { mode: 0o755 })
  await writeFile(join(dir, 'bundle', 'vbmc', 'vbmc.conf'), '[default]\nserver_port = 50891\n')
  execFileSync('tar', ['-czf', join(dir, 'bundle.tar.gz'), '-C', join(dir, 'bundle'), 'vbmc'])
}
