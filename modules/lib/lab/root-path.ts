// The lab modules take a `root` parameter: '/' is the real system, any other folder a
// tree that mirrors it (tests build /etc, /proc and /sys under a temporary folder).
// Paths are joined with POSIX rules because they name files on the target.
import { posix } from 'node:path'

export const REAL_ROOT = '/'

/** True when `root` is the real system, so kernel-facing commands may run. */
export function isRealRoot(root: string): boolean {
  return posix.normalize(root) === REAL_ROOT
}

/** `path` (absolute, as on the real system) inside the tree at `root`. */
export function underRoot(root: string, path: string): string {
  return posix.join(root, posix.normalize(`/${path}`))
}

/** Why a root parameter is unusable, or undefined when it is fine. */
export function rootProblem(root: string): string | undefined {
  return posix.isAbsolute(root) ? undefined : `root must be an absolute path, got '${root}'`
}
