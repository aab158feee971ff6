/** Writes a reproducible `.zip`: Unix modes in the external attributes, one fixed timestamp. */
import fs from 'node:fs'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import yazl from 'yazl'
import type { Entry } from './layout.js'
import { writeAtomically } from '../workspace-files.js'

/**
 * Zip stores DOS local time, and yazl converts a Date with the machine's time zone. Building a Date
 * whose local fields are the UTC fields of `epoch` (and leaving out the UTC "UT" extra field, which
 * would then be off by the zone) gives the same bytes in every time zone. DOS time starts in 1980:
 * earlier epochs, including 0, become 1980-01-01 00:00.
 */
export function dosDate(epoch: number): Date {
  const utc = new Date(epoch * 1000)
  return new Date(
    utc.getUTCFullYear(),
    utc.getUTCMonth(),
    utc.getUTCDate(),
    utc.getUTCHours(),
    utc.getUTCMinutes(),
    utc.getUTCSeconds()
  )
}

export async function writeZip(target: string, entries: Entry[], epoch: number): Promise<void> {
  const zip = new yazl.ZipFile()
  // yazl reports read errors on the ZipFile, not on its output stream: route them into the pipeline.
  zip.on('error', (error: Error) => (zip.outputStream as Readable).destroy(error))
  const mtime = dosDate(epoch)
  for (const entry of entries) {
    if (entry.type === 'directory') {
      zip.addEmptyDirectory(entry.path, { mtime, mode: 0o040000 | entry.mode, forceDosTimestamp: true })
      continue
    }
    const options = { mtime, mode: 0o100000 | entry.mode, forceDosTimestamp: true, compress: true }
    if ('data' in entry.source) zip.addBuffer(entry.source.data, entry.path, options)
    else zip.addFile(entry.source.file, entry.path, options)
  }
  zip.end()
  await writeAtomically(target, (temp) => pipeline(zip.outputStream, fs.createWriteStream(temp)))
}
