// Running the built CLI the way a user does, in a scratch folder of files we write.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

export interface CliRun {
  code: number
  stdout: string
  stderr: string
  dir: string
}

/** Write `files` (path → content) into a fresh folder. */
export function scratch(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsplay-cli-'))
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), content)
  }
  return dir
}

/** Runs the CLI to its end; `input` is what it reads on stdin (nothing by default). */
export function tsplay(args: string[], cwd: string, env: Record<string, string> = {}, input = ''): CliRun {
  const built = join(repoRoot, 'dist', 'bin', 'tsplay.mjs')
  const cmd = existsSync(built) ? [built] : ['--import', 'tsx', join(repoRoot, 'engine', 'cli.ts')]
  const res = spawnSync(process.execPath, [...cmd, ...args], {
    cwd, encoding: 'utf8', timeout: 60_000, input,
    env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_CONFIG: '/dev/null', ...env },
  })
  return { code: res.status ?? -1, stdout: res.stdout, stderr: res.stderr, dir: cwd }
}
