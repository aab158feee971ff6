/** sha256 and size of a file, streamed: the numbers SHA256SUMS, manifest.json and the summary show. */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import { pipeline } from 'node:stream/promises'

export interface Digest {
  sha256: string
  size: number
}

export async function fileDigest(file: string): Promise<Digest> {
  const hash = createHash('sha256')
  let size = 0
  await pipeline(fs.createReadStream(file), async (chunks: AsyncIterable<Buffer>) => {
    for await (const chunk of chunks) {
      hash.update(chunk)
      size += chunk.length
    }
  })
  return { sha256: hash.digest('hex'), size }
}
