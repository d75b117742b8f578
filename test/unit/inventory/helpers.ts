// Shared helpers for the inventory tests: fixture paths, loading with captured warnings,
// and throwaway folders for inventories written by a test.

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Inventory } from '../../../engine/inventory/index.js'

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures')

export function fixture(...parts: string[]): string {
  return join(FIXTURES, ...parts)
}

export async function loadInventory(sources: string[], cwd?: string): Promise<{ inventory: Inventory; warnings: string[] }> {
  const warnings: string[] = []
  const inventory = await Inventory.load(sources, { cwd, warn: (msg) => warnings.push(msg) })
  return { inventory, warnings }
}

/** A temporary folder holding `files` (path → content); removed after the test. */
export class TempDir {
  readonly path = mkdtempSync(join(tmpdir(), 'tsplay-inventory-'))

  write(files: Record<string, string>): this {
    for (const [name, content] of Object.entries(files)) {
      const full = join(this.path, name)
      mkdirSync(dirname(full), { recursive: true })
      writeFileSync(full, content)
    }
    return this
  }

  file(name: string): string {
    return join(this.path, name)
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true })
  }
}

/** Load one inventory file with the given content, returning the inventory (or the error thrown). */
export async function loadText(name: string, content: string): Promise<{ inventory?: Inventory; error?: unknown; warnings: string[]; path: string }> {
  const dir = new TempDir().write({ [name]: content })
  const warnings: string[] = []
  try {
    const inventory = await Inventory.load([dir.file(name)], { warn: (msg) => warnings.push(msg) })
    return { inventory, warnings, path: dir.file(name) }
  } catch (error) {
    return { error, warnings, path: dir.file(name) }
  } finally {
    dir.remove()
  }
}
