/** Writes a reproducible `.tar.gz`: fixed mtime, owner root with empty names, entries in the given order. */
import fs from 'node:fs'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import zlib from 'node:zlib'
import tar from 'tar-stream'
import type { Entry } from './layout.js'
import { writeAtomically } from '../workspace-files.js'

/**
 * Node writes a gzip header with mtime 0, but its OS byte is whatever zlib was built for (3 on Linux,
 * 19 on macOS): pin it to 3 (Unix), as GNU gzip writes, so the bytes do not depend on the runner's OS.
 */
function pinGzipOs(): Transform {
  let offset = 0
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (offset <= 9 && offset + chunk.length > 9) chunk[9 - offset] = 3
      offset += chunk.length
      done(null, chunk)
    }
  })
}

function addEntry(pack: tar.Pack, entry: Entry, mtime: Date): Promise<void> {
  const header = { name: entry.path, mode: entry.mode, mtime, uid: 0, gid: 0, uname: '', gname: '' }
  return new Promise((resolve, reject) => {
    const done = (error?: Error | null): void => (error ? reject(error) : resolve())
    if (entry.type === 'directory') pack.entry({ ...header, type: 'directory' }, done)
    else if ('data' in entry.source)
      pack.entry({ ...header, type: 'file', size: entry.size }, entry.source.data, done)
    else {
      const sink = pack.entry({ ...header, type: 'file', size: entry.size }, done)
      // Destroying the pack on a read error also errors the entry: listen so it is not unhandled.
      sink.on('error', reject)
      fs.createReadStream(entry.source.file).on('error', reject).pipe(sink)
    }
  })
}

export async function writeTarGz(target: string, entries: Entry[], epoch: number): Promise<void> {
  await writeAtomically(target, async (temp) => {
    const pack = tar.pack()
    const written = pipeline(pack, zlib.createGzip({ level: 9 }), pinGzipOs(), fs.createWriteStream(temp))
    const mtime = new Date(epoch * 1000)
    const adding = (async () => {
      for (const entry of entries) await addEntry(pack, entry, mtime)
      pack.finalize()
    })()
    // Either side failing ends the whole write: a read error destroys the pack, a write error the pipeline.
    await Promise.all([
      written,
      adding.catch((error: Error) => {
        pack.destroy(error)
        throw error
      })
    ])
  })
}
