/**
 * Unpacks a wheel's modular tree while it downloads. A wheel written in one pass by a seekable writer
 * (as PyPI's are) gives each entry's name and sizes in the local header ahead of its data, so each
 * entry inflates on the thread pool as soon as its bytes arrive, and the compiler is unpacked when its
 * download ends. What the headers cannot give (Unix modes) or prove (that they agree with the central
 * directory) is settled afterwards by `extractToolchain`, once the download's sha256 is verified.
 * A zip that defers sizes to data descriptors cannot be read this way: the unpacker then gives up,
 * removes what it wrote, and the wheel is extracted from the file.
 */
import fs from 'node:fs'
import path from 'node:path'
import { PassThrough, type Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import zlib from 'node:zlib'
import { toolchainPath, type Streamed } from './unpack-wheel.js'

const LOCAL_HEADER = 0x04034b50
const HEADER_SIZE = 30
/** General-purpose flags: bit 0 encrypted, bit 3 sizes in a data descriptor after the data. */
const ENCRYPTED = 0x1
const DATA_DESCRIPTOR = 0x8

export class StreamUnpacker {
  /** Files written so far, by path relative to the root. */
  readonly files = new Map<string, Streamed>()
  /** Set once the stream cannot be read this way; the file is extracted after the download instead. */
  gaveUp = false
  private pending: Buffer = Buffer.alloc(0)
  /** The entry whose data is arriving, with the bytes of it still to come. */
  private current: { sink?: Writable; left: number } | undefined
  private done = false

  constructor(
    private readonly wheel: string,
    private readonly prefix: string,
    private readonly root: string
  ) {}

  /** Takes the next bytes of the download. Throws only for a wheel that is unsafe to unpack. */
  push(chunk: Buffer): void {
    if (this.gaveUp || this.done) return
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk
    while (!this.done && !this.gaveUp && this.pending.length > 0) {
      if (this.current) this.feed()
      else if (!this.header()) break
    }
  }

  /** Waits for every file to be written; false when the unpacker gave up (its files are removed). */
  async finish(): Promise<boolean> {
    const results = await Promise.allSettled([...this.files.values()].map((f) => f.written))
    const failed = results.find((r) => r.status === 'rejected')
    if (this.gaveUp || failed || !this.done) {
      for (const rel of this.files.keys()) fs.rmSync(path.join(this.root, rel), { force: true })
      this.files.clear()
      return false
    }
    return true
  }

  private giveUp(): void {
    this.gaveUp = true
    this.current?.sink?.destroy()
    this.pending = Buffer.alloc(0)
  }

  /** Passes the current entry's data on; ends it when all of it arrived. */
  private feed(): void {
    const current = this.current!
    const take = Math.min(current.left, this.pending.length)
    current.sink?.write(this.pending.subarray(0, take))
    current.left -= take
    this.pending = this.pending.subarray(take)
    if (current.left === 0) {
      current.sink?.end()
      this.current = undefined
    }
  }

  /** Reads one local header when all of it is here; false to wait for more bytes. */
  private header(): boolean {
    const b = this.pending
    if (b.length < 4) return false
    if (b.readUInt32LE(0) !== LOCAL_HEADER) {
      // The central directory (or anything else) follows the last entry: the data part is over.
      this.done = true
      return false
    }
    if (b.length < HEADER_SIZE) return false
    const flags = b.readUInt16LE(6)
    const method = b.readUInt16LE(8)
    const compressed = b.readUInt32LE(18)
    const size = b.readUInt32LE(22)
    const nameLength = b.readUInt16LE(26)
    const extraLength = b.readUInt16LE(28)
    if (b.length < HEADER_SIZE + nameLength + extraLength) return false
    const name = b.toString('utf8', HEADER_SIZE, HEADER_SIZE + nameLength)
    this.pending = b.subarray(HEADER_SIZE + nameLength + extraLength)
    const sizesUnknown = flags & DATA_DESCRIPTOR || compressed === 0xffffffff || size === 0xffffffff
    if (flags & ENCRYPTED || sizesUnknown || (method !== 0 && method !== 8)) {
      this.giveUp()
      return false
    }
    const rel = toolchainPath(name, this.prefix, this.wheel) // throws for a path that escapes
    if (rel === undefined || rel === '' || name.endsWith('/') || this.files.has(rel)) {
      if (compressed > 0) this.current = { left: compressed }
      return true
    }
    const target = path.join(this.root, rel)
    fs.mkdirSync(path.dirname(target), { recursive: true })
    const sink = method === 8 ? zlib.createInflateRaw({ chunkSize: 1 << 20 }) : new PassThrough()
    const written = pipeline(sink, fs.createWriteStream(target, { flags: 'wx', mode: 0o644 }))
    written.catch(() => undefined) // settled in finish()
    this.files.set(rel, { size, written })
    if (compressed === 0) sink.end()
    else this.current = { sink, left: compressed }
    return true
  }
}
