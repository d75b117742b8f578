// What copy puts on the target: the bytes, held in memory — or, for a controller file
// larger than LARGE_FILE, the file itself, hashed and sent a chunk at a time so that a
// disk image is never held whole (the transport streams it; see Host.upload).
import { promises as fs } from 'node:fs'
import type { WriteOptions } from '../../../engine/connection/connection.js'
import type { Host } from '../../../engine/module.js'
import { fileDigests, LARGE_FILE, md5Hex, sha1Hex } from './checksum.js'
import { VAULT_HEADER } from '../../../engine/vault/vault.js'

export interface LargeSource {
  localPath: string
  size: number
  sha1: string
  md5: string
}

export type CopyContent = Buffer | LargeSource

export function isLargeSource(content: string | CopyContent): content is LargeSource {
  return typeof content === 'object' && !Buffer.isBuffer(content)
}

/**
 * A controller file's content: read when small (or the host cannot stream), else described
 * for streaming. With `decrypt`, a vault-encrypted file is read through `decrypted` (in memory).
 */
export async function controllerContent(host: Host, path: string, decrypted?: (path: string) => Promise<Buffer>): Promise<CopyContent> {
  if (decrypted && (await startsVaulted(path))) return decrypted(path)
  const { size } = await fs.stat(path)
  if (size <= LARGE_FILE || !host.upload) return fs.readFile(path)
  return { localPath: path, size, ...(await fileDigests(path)) }
}

async function startsVaulted(path: string): Promise<boolean> {
  const handle = await fs.open(path, 'r')
  try {
    const head = Buffer.alloc(VAULT_HEADER.length)
    await handle.read(head, 0, head.length, 0)
    return head.toString('latin1') === VAULT_HEADER
  } finally {
    await handle.close()
  }
}

export function digestsOf(content: CopyContent): { sha1: string; md5: string } {
  return isLargeSource(content) ? { sha1: content.sha1, md5: content.md5 } : { sha1: sha1Hex(content), md5: md5Hex(content) }
}

/** Writes the content atomically: bytes with write, a large source with upload. */
export async function writeContent(host: Host, path: string, content: string | CopyContent, opts: WriteOptions): Promise<void> {
  if (!isLargeSource(content)) return host.write(path, content, opts)
  if (host.upload) return host.upload(content.localPath, path, opts)
  return host.write(path, await fs.readFile(content.localPath), opts)
}
