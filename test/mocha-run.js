// Runs mocha on the given globs (TypeScript through tsx) and prints the totals as one
// plain closing line that any CI can read: "N passed, N failed, N skipped".
import Mocha from 'mocha'
import picomatch from 'picomatch'
import { readdirSync } from 'node:fs'
import { join, relative } from 'node:path'

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules' || e.name.startsWith('.')) return []
    const full = join(dir, e.name)
    return e.isDirectory() ? walk(full) : [full]
  })
}

const root = process.cwd()
const matchers = process.argv.slice(2).map((p) => picomatch(p))
const files = walk(join(root, 'test')).map((f) => relative(root, f)).filter((f) => matchers.some((m) => m(f))).sort()
const mocha = new Mocha({ reporter: 'spec', timeout: 20000 })
for (const file of files) mocha.addFile(join(root, file))
await mocha.loadFilesAsync()
const runner = mocha.run((failures) => {
  const s = runner.stats
  console.log(`\n${s.passes} passed, ${s.failures} failed, ${s.pending} skipped`)
  process.exitCode = failures > 0 || s.passes === 0 ? 1 : 0
})
