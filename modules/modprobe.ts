// modprobe: load or unload a kernel module, and optionally make that survive reboots
// through /etc/modules-load.d/NAME.conf and /etc/modprobe.d/NAME.conf.
import { posix } from 'node:path'
import { change, defineModule, fail, ok, type Diff, type ModuleResult } from '../engine/module.js'
import { shellSplit } from '../engine/util/shlex.js'
import {
  commentOut, confPatterns, listsModule, moduleLoaded, MODPROBE_DIR, MODULES_LOAD_DIR, permanentParams, readConfFolders,
} from './lib/system/modprobe-conf.js'
import { applyFailure, withOutputLines } from './lib/system/target.js'

interface ModprobeParams {
  name: string
  state: 'present' | 'absent'
  params: string
  persistent: 'disabled' | 'present' | 'absent'
}

/** New contents of configuration files: path → text. */
type FileChanges = Map<string, string>

/** The boot-time files (of `files`, the current ones) to write so that they say what `persistent` asks. */
export function persistentChanges(p: ModprobeParams, files: Map<string, string>): FileChanges {
  const changes: FileChanges = new Map()
  if (p.persistent === 'disabled') return changes
  const loadFiles = new Map([...files].filter(([path]) => path.startsWith(`${MODULES_LOAD_DIR}/`)))
  const optionFiles = new Map([...files].filter(([path]) => path.startsWith(`${MODPROBE_DIR}/`)))
  const patterns = confPatterns(p.name)
  const listed = [...loadFiles.values()].some((content) => listsModule(content, patterns.module))
  const current = permanentParams(optionFiles, patterns.option)
  const wanted = new Set(p.params.split(/\s+/).filter((w) => w !== ''))
  const paramsSet = current.size === wanted.size && [...wanted].every((w) => current.has(w))
  const optionLine = new RegExp(patterns.option.source.replace('(\\w+=\\S+)', '\\w+=\\S+'))
  const commentOutIn = (set: Map<string, string>, pattern: RegExp) => {
    for (const [path, content] of set) {
      const updated = commentOut(content, pattern)
      if (updated !== undefined) changes.set(path, updated)
    }
  }
  if (p.persistent === 'present') {
    if (!listed) changes.set(posix.join(MODULES_LOAD_DIR, `${p.name}.conf`), `${p.name}\n`)
    if (!paramsSet) {
      commentOutIn(optionFiles, optionLine)
      changes.set(posix.join(MODPROBE_DIR, `${p.name}.conf`), `${[...wanted].map((w) => `options ${p.name} ${w}`).join('\n')}\n`)
    }
  } else {
    if (listed) commentOutIn(loadFiles, patterns.module)
    if (current.size) commentOutIn(optionFiles, optionLine)
  }
  return changes
}

function fileDiffs(changes: FileChanges, files: Map<string, string>): Diff[] {
  return [...changes].map(([path, after]) => ({ before_header: path, after_header: path, before: files.get(path) ?? '', after }))
}

export default defineModule<ModprobeParams>({
  name: 'modprobe',
  description:
    'Load (state=present) or unload (state=absent) a kernel module with modprobe, with parameters; persistent=present also ' +
    'loads it at boot (modules-load.d) with its options (modprobe.d), persistent=absent comments those lines out.',
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', description: 'Kernel module name, e.g. kvm_intel or br_netfilter.' },
      state: { type: 'string', enum: ['present', 'absent'], default: 'present', description: 'Loaded or not.' },
      params: { type: 'string', default: '', description: 'Module parameters, e.g. "nested=1" (used when loading, and written to modprobe.d).' },
      persistent: {
        type: 'string',
        enum: ['disabled', 'present', 'absent'],
        default: 'disabled',
        description: 'present: load at boot with these params; absent: comment the module out of the boot files; disabled: leave them.',
      },
    },
  },
  examples: [
    `- name: Bridge netfilter, now and at boot
  modprobe:
    name: br_netfilter
    persistent: present`,
    `- name: Nested virtualisation for KVM guests
  modprobe:
    name: kvm_intel
    params: nested=1
    persistent: present`,
  ],
  async run(host, p, ctx) {
    const result: ModuleResult = { name: p.name, params: p.params, state: p.state }
    const loaded = await moduleLoaded(host, p.name)
    const words = shellSplit(p.params)
    const live = p.state === 'present' && !loaded ? ['modprobe', p.name, ...words] : p.state === 'absent' && loaded ? ['modprobe', '-r', p.name] : undefined
    if (live && ctx.checkMode) {
      // modprobe -n resolves the module and its dependencies without touching the kernel.
      const dry = await host.exec(live[1] === '-r' ? [...live, '-n'] : ['modprobe', '-n', p.name, ...words])
      if (dry.rc !== 0) return fail(dry.stderr, withOutputLines({ ...result, rc: dry.rc, stdout: dry.stdout, stderr: dry.stderr }))
    }
    const files = p.persistent === 'disabled' ? new Map<string, string>() : await readConfFolders(host, [MODULES_LOAD_DIR, MODPROBE_DIR])
    const changes = persistentChanges(p, files)
    if (!live && changes.size === 0) return ok(result)
    const diff = fileDiffs(changes, files)
    if (ctx.checkMode) return change({ ...result, diff })
    return change({
      ...result,
      diff,
      apply: async () => {
        const warnings: string[] = []
        let changed = changes.size > 0
        if (live) {
          const r = await host.exec(live)
          if (r.rc !== 0) return applyFailure(r.stderr, { ...result, rc: r.rc, stdout: r.stdout, stderr: r.stderr })
          // modprobe of an alias can succeed without NAME showing up as loaded: Ansible then warns, unchanged.
          const nowLoaded = await moduleLoaded(host, p.name)
          if (p.state === 'absent' || nowLoaded) changed = true
          else warnings.push((await host.exec(['modprobe', '-n', '--first-time', p.name, ...words])).stderr.trim())
        }
        if (changes.size) await host.exec(['mkdir', '-p', MODULES_LOAD_DIR, MODPROBE_DIR])
        for (const [path, content] of changes) await host.write(path, content)
        return { changed, ...(warnings.filter(Boolean).length ? { warnings: warnings.filter(Boolean) } : {}) }
      },
    })
  },
})
