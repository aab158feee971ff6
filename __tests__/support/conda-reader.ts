/**
 * Reads a `.conda` back with independent tools, as a conda client unpacks one: the outer zip with yauzl,
 * each `.tar.zst` member decompressed by node:zlib and listed by tar-stream.
 */
import zlib from 'node:zlib'
import tar from 'tar-stream'
import yauzl from 'yauzl'

export interface ZipMember {
  name: string
  data: Buffer
  /** 0: stored, 8: deflated. */
  compressionMethod: number
  /** Bit 3 set: sizes and CRC follow the data instead of being in the local header. */
  generalPurposeBitFlag: number
  mode: number
  modified: Date
}

export interface TarMember {
  header: tar.Header
  data: Buffer
}

export interface CondaContents {
  zip: ZipMember[]
  /** The entries of `info-<stem>.tar.zst`, in archive order. */
  info: TarMember[]
  /** The entries of `pkg-<stem>.tar.zst`, in archive order. */
  pkg: TarMember[]
}

/** The members of a zip, from its file or its bytes. */
export async function readZip(file: string | Buffer): Promise<ZipMember[]> {
  const zip =
    typeof file === 'string'
      ? await yauzl.openPromise(file, { lazyEntries: true })
      : await yauzl.fromBufferPromise(file, { lazyEntries: true })
  const members: ZipMember[] = []
  try {
    for await (const entry of zip.eachEntry()) {
      const chunks: Buffer[] = []
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer)
      members.push({
        name: entry.fileName,
        data: Buffer.concat(chunks),
        compressionMethod: entry.compressionMethod,
        generalPurposeBitFlag: entry.generalPurposeBitFlag,
        mode: entry.externalFileAttributes >>> 16,
        modified: entry.getLastModDate({ forceDosFormat: true })
      })
    }
  } finally {
    zip.close()
  }
  return members
}

/** The members of an uncompressed tar. */
export async function readTar(tarBytes: Buffer): Promise<TarMember[]> {
  const extract = tar.extract()
  const members: TarMember[] = []
  const reading = (async () => {
    for await (const entry of extract) {
      const chunks: Buffer[] = []
      for await (const chunk of entry) chunks.push(chunk as Buffer)
      members.push({ header: entry.header, data: Buffer.concat(chunks) })
    }
  })()
  extract.end(tarBytes)
  await reading
  return members
}

const readTarZst = (data: Buffer): Promise<TarMember[]> => readTar(zlib.zstdDecompressSync(data))

export async function readConda(file: string): Promise<CondaContents> {
  const zip = await readZip(file)
  const member = (prefix: string): Buffer => {
    const found = zip.filter((m) => m.name.startsWith(prefix) && m.name.endsWith('.tar.zst'))
    if (found.length !== 1) throw new Error(`${file}: ${found.length} ${prefix}*.tar.zst members`)
    return found[0].data
  }
  return { zip, info: await readTarZst(member('info-')), pkg: await readTarZst(member('pkg-')) }
}

/** The text of one info/ file. */
export function infoText(contents: CondaContents, name: string): string {
  const entry = contents.info.find((m) => m.header.name === name)
  if (!entry) throw new Error(`no ${name} in ${contents.info.map((m) => m.header.name).join(', ')}`)
  return entry.data.toString('utf8')
}
