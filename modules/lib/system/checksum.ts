// Digests of files on the target (coreutils *sum, no transfer) and get_url's checksum
// argument: "algorithm:hex" or "algorithm:URL of a checksum file".
import type { Host } from '../../../engine/module.js'

const DIGEST_TOOLS: Record<string, string> = {
  md5: 'md5sum',
  sha1: 'sha1sum',
  sha224: 'sha224sum',
  sha256: 'sha256sum',
  sha384: 'sha384sum',
  sha512: 'sha512sum',
}

export const DIGEST_ALGORITHMS = Object.keys(DIGEST_TOOLS)

export class DigestError extends Error {}

/** The hex digest of a file on the target. */
export async function digestOnTarget(host: Host, path: string, algorithm: string): Promise<string> {
  const tool = DIGEST_TOOLS[algorithm]
  if (!tool) {
    throw new DigestError(`Could not hash file '${path}' with algorithm '${algorithm}'. Available algorithms: ${DIGEST_ALGORITHMS.join(', ')}`)
  }
  const r = await host.exec([tool, path])
  if (r.rc !== 0) throw new DigestError(`Could not hash file '${path}' with algorithm '${algorithm}': ${r.stderr.trim()}`)
  return r.stdout.split(/\s/)[0]!.replace(/^\\/, '').toLowerCase()
}

/** URLs a checksum may be fetched from (the schemes get_url accepts there). */
export function isChecksumUrl(text: string): boolean {
  return /^(https?|ftp|file):/.test(text)
}

/** Only hex digits remain, lower case (strips spaces, dashes, zero-width characters…). */
export function normalizeChecksum(text: string): string {
  return text.replace(/[^\p{L}\p{N}_]+/gu, '').toLowerCase()
}

export function isHex(text: string): boolean {
  return /^[0-9a-f]+$/.test(text)
}

/**
 * The checksum for `filename` in a checksum file: a lone digest on a single line, or
 * "digest  name" / "digest *name" lines (a leading ./ on the name is ignored).
 */
export function checksumForFile(content: string, filename: string): string | undefined {
  const lines = content.split('\n').map((l) => l.replace(/\r$/, ''))
  if (lines.at(-1) === '') lines.pop()
  if (lines.length === 1 && lines[0]!.trim().split(/\s+/).length === 1) return lines[0]!.trim()
  for (const line of lines) {
    const at = line.indexOf(' ')
    if (at < 0) continue
    let name = line.slice(at + 1)
    if (name.startsWith(' ') || name.startsWith('*')) name = name.slice(1)
    if (name.replace(/^[./]+/, '') === filename) return line.slice(0, at)
  }
  return undefined
}
