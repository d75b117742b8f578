// What a write sends, read a chunk at a time: a buffer already in memory, or a file on the
// controller read at the offsets asked for — so a large copy holds only the chunks in
// flight, never the whole file.
import { promises as fs } from 'node:fs'

export interface ChunkSource {
  readonly size: number
  /** Up to `length` bytes from `offset` (fewer only at the end). */
  read(offset: number, length: number): Promise<Buffer>
  close(): Promise<void>
}

export function bufferSource(data: Buffer): ChunkSource {
  return {
    size: data.length,
    read: async (offset, length) => data.subarray(offset, offset + length),
    close: async () => {},
  }
}

/** A controller file, opened now; its size is taken at opening. */
export async function localFileSource(path: string): Promise<ChunkSource> {
  const handle = await fs.open(path, 'r')
  try {
    const { size } = await handle.stat()
    return {
      size,
      async read(offset, length) {
        const chunk = Buffer.allocUnsafe(Math.min(length, Math.max(0, size - offset)))
        let filled = 0
        while (filled < chunk.length) {
          const { bytesRead } = await handle.read(chunk, filled, chunk.length - filled, offset + filled)
          if (bytesRead === 0) break
          filled += bytesRead
        }
        return chunk.subarray(0, filled)
      },
      close: () => handle.close(),
    }
  } catch (err) {
    await handle.close()
    throw err
  }
}
