#!/usr/bin/env node
// `npm test`: build (the CLI and compat suites run the built CLI, as users do), then
// every suite in one mocha run, ending with a plain "N passed, N failed" line.
// Suites install the Debian packages they need themselves.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' })
if (build.status !== 0) process.exit(build.status ?? 1)

const specs = process.argv.length > 2 ? process.argv.slice(2) : ['test/unit/**/*.test.ts', 'test/cli/**/*.test.ts', 'test/ssh/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/lab/**/*.test.ts', 'test/compat/**/*.test.ts']
const res = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'test/mocha-run.js'), ...specs], { cwd: root, stdio: 'inherit' })
process.exit(res.status ?? 1)
