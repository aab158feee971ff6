/** SHA256SUMS in the format `sha256sum -c` reads: `<hex>  <file>` lines sorted by file name. */
import path from 'node:path'
import { BuildError } from '../errors.js'
import { untrusted } from '../log.js'
import type { Artifact } from '../types.js'
import { fileDigest } from '../digest.js'
import { writeFileAtomic } from '../workspace-files.js'

export const CHECKSUMS_FILE = 'SHA256SUMS'

export function checksumLines(entries: Array<{ file: string; sha256: string }>): string {
  const sorted = [...entries].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
  return sorted.map((e) => `${e.sha256}  ${e.file}\n`).join('')
}

/** Parses SHA256SUMS back; lines that are not `<64 hex>  <file>` are an error. */
export function parseChecksums(text: string): Array<{ file: string; sha256: string }> {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line)
      if (match === null)
        throw new BuildError(`${CHECKSUMS_FILE}: cannot read the line '${untrusted(line)}'.`)
      return { sha256: match[1], file: match[2] }
    })
}

/**
 * Hashes every artifact's file again as it lies in outDir: a file changed after it was recorded (or
 * recorded wrongly) fails here instead of shipping a checksum that does not match.
 */
export async function writeChecksums(outDir: string, artifacts: Artifact[]): Promise<void> {
  for (const artifact of artifacts) {
    const { sha256 } = await fileDigest(path.join(outDir, artifact.file))
    if (sha256 !== artifact.sha256) {
      throw new BuildError(
        `${artifact.file} changed after it was built (sha256 ${sha256}, recorded ${artifact.sha256}).`
      )
    }
  }
  await writeFileAtomic(path.join(outDir, CHECKSUMS_FILE), checksumLines(artifacts))
}
