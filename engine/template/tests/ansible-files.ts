// Ansible's path tests, run on the controller: file, directory, link, exists,
// link_exists, abs, same_file, mount (and their is_* names).
import { lstatSync, statSync, type Stats } from 'node:fs'
import { isAbsolute, join } from 'node:path'
import { TemplateError } from '../../errors.js'
import type { TestFn } from '../types.js'
import { pythonStr } from '../filters/python-repr.js'
import { REQUIRED, defineTest } from '../filters/signature.js'

function statOf(path: string, follow: boolean): Stats | undefined {
  try {
    return follow ? statSync(path) : lstatSync(path)
  } catch {
    return undefined
  }
}

/** os.path.ismount: a different device than the parent, or the root itself. */
function isMount(path: string): boolean {
  const own = statOf(path, false)
  if (!own || own.isSymbolicLink()) return false
  const parent = statOf(join(path, '..'), false)
  if (!parent) return false
  return own.dev !== parent.dev || own.ino === parent.ino
}

/** os.path.samefile: both exist and are the same inode. */
function sameFile(a: string, b: string): boolean {
  const [x, y] = [statOf(a, true), statOf(b, true)]
  if (!x || !y) throw new TemplateError(`[Errno 2] No such file or directory: '${x ? b : a}'`)
  return x.dev === y.dev && x.ino === y.ino
}

const pathTest = (name: string, check: (path: string) => boolean): TestFn => defineTest(name, {}, (v) => check(pythonStr(v)))

const directory = pathTest('directory', (p) => statOf(p, true)?.isDirectory() ?? false)
const file = pathTest('file', (p) => statOf(p, true)?.isFile() ?? false)
const link = pathTest('link', (p) => statOf(p, false)?.isSymbolicLink() ?? false)
const abs = pathTest('abs', (p) => isAbsolute(p))
const mount = pathTest('mount', isMount)
const same = defineTest('same_file', { other: REQUIRED }, (v, p) => sameFile(pythonStr(v), pythonStr(p.other)))

export const fileTests: Record<string, TestFn> = {
  directory,
  is_dir: directory,
  file,
  is_file: file,
  link,
  is_link: link,
  exists: pathTest('exists', (p) => statOf(p, true) !== undefined),
  link_exists: pathTest('link_exists', (p) => statOf(p, false) !== undefined),
  abs,
  is_abs: abs,
  same_file: same,
  is_same_file: same,
  mount,
  is_mount: mount,
}
