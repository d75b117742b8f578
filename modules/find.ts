// find: files (or folders, links) under paths of the target that match name patterns,
// age, size and content, with their stat, as Ansible's find module returns them. One
// `find` process lists each tree; contents are read only for entries still in the running.
import { defineModule, ok, type Host, type ModuleOutcome } from '../engine/module.js'
import { remoteSha1 } from './lib/files/checksum.js'
import { guarded } from './lib/files/failure.js'
import { ageMatches, contentMatches, entryInfo, nameMatches, parseAge, parseSize, sizeMatches } from './lib/files/find-filters.js'
import { expandUser } from './lib/files/paths.js'
import { listTree, walk, type TreeEntry } from './lib/files/remote-tree.js'

export interface FindParams {
  paths: string[]
  patterns: string[]
  excludes?: string[]
  contains?: string
  read_whole_file: boolean
  file_type: 'any' | 'directory' | 'file' | 'link'
  age?: string
  age_stamp: 'atime' | 'ctime' | 'mtime'
  size?: string
  recurse: boolean
  hidden: boolean
  follow: boolean
  get_checksum: boolean
  use_regex: boolean
  depth?: number
}

const stringList = (description: string) => ({ type: 'array', items: { type: 'string' }, description })

export default defineModule<FindParams>({
  name: 'find',
  description:
    'List files (or folders, links, any) under paths of the target whose base name matches patterns (globs, or Python ' +
    'regexes with use_regex) and not excludes, by age, size and content; returns files (with stat), matched and examined.',
  aliases: { paths: ['name', 'path'], patterns: ['pattern'], excludes: ['exclude'] },
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['paths'],
    properties: {
      paths: stringList('Folders to search.'),
      patterns: { ...stringList('Patterns the base name must match (default: everything).'), default: [] },
      excludes: stringList('Patterns of base names to leave out.'),
      contains: { type: 'string', description: 'Python regex a line of the file must match (files only).' },
      read_whole_file: { type: 'boolean', default: false, description: 'Search contains in the whole text instead of line by line.' },
      file_type: { enum: ['any', 'directory', 'file', 'link'], default: 'file', description: 'What kind of entry to return.' },
      age: { type: 'string', description: 'Older than ("2d", "4w", seconds by default); negative: younger than.' },
      age_stamp: { enum: ['atime', 'ctime', 'mtime'], default: 'mtime', description: 'Which time age compares.' },
      size: { type: 'string', description: 'At least this size ("10m", "1g", bytes by default); negative: at most.' },
      recurse: { type: 'boolean', default: false, description: 'Search sub-folders too.' },
      hidden: { type: 'boolean', default: false, description: 'Include names starting with a dot.' },
      follow: { type: 'boolean', default: false, description: 'Follow symlinks to folders.' },
      get_checksum: { type: 'boolean', default: false, description: 'Add the sha1 checksum of each file.' },
      use_regex: { type: 'boolean', default: false, description: 'patterns and excludes are Python regexes instead of globs.' },
      depth: { type: 'integer', description: 'With recurse, how many levels deep to go.' },
    },
  },
  examples: [
    `- name: Old introspection logs
  find:
    paths: /var/log/ironic-inspector/ramdisk
    patterns: "*.tar.gz"
    age: 7d
  register: old_logs`,
    `- name: Images of the lab VMs
  find:
    paths: /var/lib/libvirt/images
    patterns: '^lab-.*\\.qcow2$'
    use_regex: true`,
  ],
  run: (host, p) => guarded(() => runFind(host, p)),
})

interface Search {
  files: Record<string, unknown>[]
  examined: number
  skipped: Record<string, string>
  warnings: string[]
}

async function runFind(host: Host, p: FindParams): Promise<ModuleOutcome> {
  const patterns = p.patterns.length > 0 ? p.patterns : [p.use_regex ? '.*' : '*']
  const criteria = { ...p, patterns, ageSeconds: p.age === undefined ? undefined : parseAge(p.age), sizeBytes: p.size === undefined ? undefined : parseSize(p.size) }
  const search: Search = { files: [], examined: 0, skipped: {}, warnings: [] }
  for (const given of p.paths) {
    const path = await expandUser(host, given)
    const st = await host.stat(path, { follow: true })
    if (!st?.isdir) {
      search.skipped[path] = `'${path}' is not a directory`
      search.warnings.push(`Skipped '${path}' path due to this access issue: '${path}' is not a directory\n`)
      continue
    }
    await searchTree(host, path, criteria, search)
  }
  const msg = search.warnings.length > 0 ? 'Not all paths examined, check warnings for details' : 'All paths examined'
  return ok({
    files: search.files,
    msg,
    matched: search.files.length,
    examined: search.examined,
    skipped_paths: search.skipped,
    ...(search.warnings.length > 0 ? { warnings: search.warnings } : {}),
  })
}

type Criteria = FindParams & { ageSeconds?: number; sizeBytes?: number }

/** os.walk over one tree, with Ansible's depth, hidden and type rules. */
async function searchTree(host: Host, root: string, c: Criteria, search: Search): Promise<void> {
  // depth+1 levels are listed: entries one level too deep still count as examined.
  const maxDepth = !c.recurse ? 1 : c.depth ? c.depth + 1 : undefined
  const entries = await listTree(host, root, { follow: c.follow, maxDepth })
  const now = Date.now() / 1000
  const rootDepth = root.replace(/\/+$/, '').split('/').length
  for (const step of walk(root, entries)) {
    search.examined += step.files.length + step.dirs.length
    for (const entry of [...step.files, ...step.dirs]) {
      if (c.depth && entry.path.split('/').length - rootDepth > c.depth) {
        step.dirs.length = 0
        continue
      }
      if (entry.path.split('/').pop()!.startsWith('.') && !c.hidden) continue
      if (await selected(host, entry, c, now)) search.files.push(await describe(host, entry, c))
    }
    if (!c.recurse) break
  }
}

async function selected(host: Host, e: TreeEntry, c: Criteria, now: number): Promise<boolean> {
  const wanted = c.file_type === 'any' || (c.file_type === 'directory' && e.type === 'directory') || (c.file_type === 'file' && e.type === 'file') || (c.file_type === 'link' && e.type === 'link')
  if (!wanted) return false
  const name = e.path.slice(e.path.lastIndexOf('/') + 1)
  if (!nameMatches(name, { patterns: c.patterns, excludes: c.excludes, useRegex: c.use_regex }) || !ageMatches(e, now, c.ageSeconds, c.age_stamp)) return false
  if (e.type === 'file' && (c.file_type === 'file' || c.file_type === 'any') && !sizeMatches(e, c.sizeBytes)) return false
  if (c.file_type === 'file' && c.contains !== undefined) return fileContains(host, e.path, c.contains, c.read_whole_file)
  return true
}

/** A file that cannot be read or is not UTF-8 text does not contain anything, as in Ansible. */
async function fileContains(host: Host, path: string, pattern: string, wholeFile: boolean): Promise<boolean> {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await host.readBytes(path))
  } catch {
    return false
  }
  return contentMatches(text, pattern, wholeFile)
}

async function describe(host: Host, e: TreeEntry, c: Criteria): Promise<Record<string, unknown>> {
  const info = entryInfo(e)
  if (c.get_checksum && e.type === 'file') info.checksum = await remoteSha1(host, e.path, e.size)
  return info
}
