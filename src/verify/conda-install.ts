/**
 * Lays conda packages into a prefix as a conda client lays a `noarch: generic` package: the files of
 * `pkg-*.tar.zst` at their paths, each then checked against the sha256 and size `info/paths.json` lists.
 * Its `info/` (metadata, license files) goes where a client keeps it: the package cache,
 * `<cache>/<name>-<version>-<build>/info/`.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import zlib from 'node:zlib'
import tar from 'tar-stream'
import yauzl from 'yauzl'

/** Past this, a member is refused rather than inflated into memory (a merge reads cells' packages). */
const MAX_MEMBER_BYTES = 2 * 1024 ** 3

/** The `.tar.zst` members of a `.conda` (format v2), by prefix (`pkg-`, `info-`). */
async function members(file: string): Promise<Map<string, Buffer>> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true })
  const found = new Map<string, Buffer>()
  try {
    for await (const entry of zip.eachEntry()) {
      const kind = /^(pkg|info)-.*\.tar\.zst$/.exec(entry.fileName)?.[1]
      if (!kind) continue
      const chunks: Buffer[] = []
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer)
      try {
        found.set(kind, zlib.zstdDecompressSync(Buffer.concat(chunks), { maxOutputLength: MAX_MEMBER_BYTES }))
      } catch (error) {
        if (!(error instanceof RangeError)) throw error
        throw new Error(
          `${path.basename(file)}: ${entry.fileName} inflates past 2 GiB; it is no Mojo package.`
        )
      }
    }
  } finally {
    zip.close()
  }
  return found
}

/** The regular files of a tar, by path. */
async function tarFiles(data: Buffer): Promise<Map<string, Buffer>> {
  const extract = tar.extract()
  const files = new Map<string, Buffer>()
  const reading = (async () => {
    for await (const entry of extract) {
      const chunks: Buffer[] = []
      for await (const chunk of entry) chunks.push(chunk as Buffer)
      if (entry.header.type === 'file') files.set(entry.header.name, Buffer.concat(chunks))
    }
  })()
  extract.end(data)
  await reading
  return files
}

interface PathsJson {
  paths: Array<{ _path: string; sha256: string; size_in_bytes: number }>
}

/** Writes `files` under `root`; returns the paths that would land outside it. */
async function lay(files: Map<string, Buffer>, root: string): Promise<string[]> {
  const outside: string[] = []
  for (const [rel, data] of files) {
    const target = path.resolve(root, rel)
    if (path.relative(root, target).startsWith('..')) {
      outside.push(rel)
      continue
    }
    await fs.mkdir(path.dirname(target), { recursive: true })
    await fs.writeFile(target, data)
  }
  return outside
}

/** The files of a `.conda`'s `info/` (index.json, paths.json, ...), by path. */
export async function condaInfoFiles(file: string): Promise<Map<string, Buffer>> {
  const info = (await members(file)).get('info')
  if (!info) throw new Error(`${path.basename(file)} is not a .conda package (no info- member)`)
  return tarFiles(info)
}

/** Where a client keeps the package `file` extracted, its `info/` included. */
export const cachedPackage = (cache: string, file: string): string =>
  path.join(cache, path.basename(file, '.conda'))

/**
 * Installs `file` into `prefix`, its info/ into the package cache `cache`; returns what does not match
 * its own `info/paths.json` (nothing: ok).
 */
export async function installConda(file: string, prefix: string, cache: string): Promise<string[]> {
  const name = path.basename(file)
  const parts = await members(file)
  const pkg = parts.get('pkg')
  const info = parts.get('info')
  if (!pkg || !info) return [`${name} is not a .conda package (no pkg- and info- members)`]
  const infoFiles = await tarFiles(info)
  const listed = infoFiles.get('info/paths.json')
  if (!listed) return [`${name} has no info/paths.json`]
  const problems = [
    ...(await lay(await tarFiles(pkg), prefix)).map(
      (rel) => `${name}: '${rel}' would land outside the prefix`
    ),
    ...(await lay(infoFiles, cachedPackage(cache, file))).map(
      (rel) => `${name}: '${rel}' would land outside the package cache`
    )
  ]
  for (const entry of (JSON.parse(listed.toString('utf8')) as PathsJson).paths) {
    const data = await fs.readFile(path.join(prefix, entry._path)).catch(() => undefined)
    if (!data) problems.push(`${name}: ${entry._path} is listed in info/paths.json but not in the package`)
    else if (
      data.length !== entry.size_in_bytes ||
      createHash('sha256').update(data).digest('hex') !== entry.sha256
    )
      problems.push(`${name}: ${entry._path} does not match the sha256 and size info/paths.json lists`)
  }
  return problems
}
