/**
 * A Mojo package as a conda package (format v2, `.conda`) that pixi and conda install: the precompiled file
 * at `lib/mojo/<import>.<format>` in the environment, the folder where the `mojo-compiler` conda package
 * keeps its standard library and points the compiler's import path, so `mojo run` imports it with no `-I`.
 * `noarch: generic`, as a precompiled package runs on every platform, but it depends on the exact compiler
 * that built it (it loads in no other). A bundle is a conda package with no files that depends on every
 * package exactly.
 *
 * The layout is what conda-package-handling writes: an uncompressed zip of `metadata.json`, then
 * `pkg-<stem>.tar.zst` (the files) and `info-<stem>.tar.zst` (the metadata), the tars holding files only,
 * owner 0 with empty names. Everything is sorted and stamped with the one epoch: the same bytes on rebuild.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import zlib from 'node:zlib'
import tar from 'tar-stream'
import yazl from 'yazl'
import { fileDigest, type Digest } from '../digest.js'
import { BuildError } from '../errors.js'
import type { Distribution } from './distribution.js'
import type { Entry } from './layout.js'
import { wheelVersion } from '../package-version.js'
import { dosDate } from './zip.js'
import { writeAtomically } from '../workspace-files.js'

/**
 * zstd's default level. conda-build writes 19, but a precompiled package barely compresses at any level,
 * and 19 costs about 0.3 s a package here (its large window is set up for every member): measured with
 * `npm run local -- ... formats=mojoc,conda verify=false`, the assemble stage took 1.3 s at 19 against
 * 0.1 s without conda. Any fixed level keeps the bytes the same on every rebuild.
 */
const ZSTD_LEVEL = 3

/**
 * The version as conda writes it, or undefined when it has none that keeps its meaning: the PEP 440 form
 * the wheel has (`1.0.0-beta.2` -> `1.0.0b2`; conda forbids `-`), so one release has one version in both.
 * Conda sorts a development release of a final one, `1.0.0.dev1`, after `1.0.0rc1`; written `1.0.0dev1`
 * it sorts before every prerelease, as PEP 440 does.
 */
export function condaVersion(version: string): string | undefined {
  return wheelVersion(version)?.replace(/^([\d!.]+)\.dev(\d+)$/, '$1dev$2')
}

/** CEP 26's rule for the (lowercase) name of a package on a channel. */
const PACKAGE_NAME = /^(([a-z0-9])|([a-z0-9_](?!_)))[._-]?([a-z0-9]+(\.|-|_|$))*$/

/** Whether `name` is a conda package name as a channel lists it (lowercase). */
export const isCondaName = (name: string): boolean => PACKAGE_NAME.test(name) && name.length <= 64

function condaName(name: string): string {
  const lower = name.toLowerCase()
  if (!isCondaName(lower)) {
    throw new BuildError(
      `Cannot write a conda package of '${name}': conda needs a name of at most 64 letters, digits and ` +
        "single '-', '_' or '.' between them; rename the package."
    )
  }
  return lower
}

function condaId(name: string, version: string): { name: string; version: string } {
  const conda = condaVersion(version)
  if (conda === undefined) {
    throw new BuildError(
      `Cannot write a conda package of ${name}: its version '${version}' has no conda form; use a ` +
        'release (0.1.0, 0.26.1.2) or a prerelease such as 1.0.0-beta.2, 1.0.0-rc.1 or 1.0.0b2.'
    )
  }
  return { name: condaName(name), version: conda }
}

/** info/index.json: what a channel's repodata.json lists for the package and what solvers read. */
export interface CondaIndex {
  name: string
  version: string
  build: string
  build_number: number
  depends: string[]
  license?: string
  noarch?: 'generic'
  subdir: string
  /** Milliseconds since the epoch. */
  timestamp: number
}

interface CondaAbout {
  summary?: string
  description?: string
  license?: string
}

/** A file of the package: where it goes in the environment, its bytes and their digest. */
export type CondaFile = Extract<Entry, { type: 'file' }> & Digest

interface CondaPackage {
  index: CondaIndex
  about: CondaAbout
  files: CondaFile[]
  /** License texts, at `info/licenses/<name>` as conda-build and rattler-build put them. */
  licenses?: CondaFile[]
}

/**
 * The distribution's index.json. The compiler is in the build string, so builds of one version for two
 * compilers can share a channel, and the solver picks the one the environment's compiler loads.
 */
export function condaIndex(dist: Distribution): CondaIndex {
  const id = condaId(dist.name, dist.version)
  const requires = dist.requires
    .map((r) => {
      const dep = condaId(r.name, r.version)
      return `${dep.name} ==${dep.version}`
    })
    .sort()
  return {
    name: id.name,
    version: id.version,
    build: `mojo_${dist.mojo}_0`,
    build_number: 0,
    depends: [`mojo-compiler ==${dist.mojo}`, ...requires],
    ...(dist.license ? { license: dist.license } : {}),
    noarch: 'generic',
    subdir: 'noarch',
    timestamp: dist.epoch * 1000
  }
}

function condaAbout(dist: Distribution): CondaAbout {
  return {
    ...(dist.summary ? { summary: dist.summary } : {}),
    ...(dist.readme ? { description: dist.readme.text } : {}),
    ...(dist.license ? { license: dist.license } : {})
  }
}

function stem(index: CondaIndex): string {
  return `${index.name}-${index.version}-${index.build}`
}

export function condaFileName(dist: Distribution): string {
  return `${stem(condaIndex(dist))}.conda`
}

/** info/paths.json: what the installer links and checks, one hard link per file. */
function condaPaths(files: CondaFile[]): object {
  return {
    paths: files.map((f) => ({
      _path: f.path,
      path_type: 'hardlink',
      sha256: f.sha256,
      size_in_bytes: f.size
    })),
    paths_version: 1
  }
}

/** JSON as conda-build writes it: keys sorted, two-space indent. */
function condaJson(value: object): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) =>
      v !== null && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : v,
    2
  )
}

function textFile(filePath: string, text: string): CondaFile {
  const data = Buffer.from(text, 'utf8')
  return {
    type: 'file',
    path: filePath,
    mode: 0o644,
    size: data.length,
    source: { data },
    sha256: createHash('sha256').update(data).digest('hex')
  }
}

function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0
}

/** The info/ files, in path order, of a package whose files are in path order. */
function infoFiles(pkg: CondaPackage): CondaFile[] {
  return [
    textFile('info/about.json', condaJson(pkg.about)),
    textFile('info/files', pkg.files.map((f) => `${f.path}\n`).join('')),
    textFile('info/index.json', condaJson(pkg.index)),
    ...(pkg.licenses ?? []),
    textFile('info/paths.json', condaJson(condaPaths(pkg.files)))
  ].sort(byPath)
}

function addTarEntry(pack: tar.Pack, file: CondaFile, mtime: Date): Promise<void> {
  const header = { name: file.path, mode: file.mode, mtime, uid: 0, gid: 0, uname: '', gname: '' }
  return new Promise((resolve, reject) => {
    const done = (error?: Error | null): void => (error ? reject(error) : resolve())
    if ('data' in file.source)
      pack.entry({ ...header, type: 'file', size: file.size }, file.source.data, done)
    else {
      const sink = pack.entry({ ...header, type: 'file', size: file.size }, done)
      sink.on('error', reject)
      fs.createReadStream(file.source.file).on('error', reject).pipe(sink)
    }
  })
}

/** One call with the whole input: a zstd stream's bytes depend on whether its last chunk comes with the end. */
function zstd(data: Buffer, level: number): Promise<Buffer> {
  const params = { [zlib.constants.ZSTD_c_compressionLevel]: level }
  return new Promise((resolve, reject) =>
    zlib.zstdCompress(data, { params }, (error, result) => (error ? reject(error) : resolve(result)))
  )
}

/**
 * A zstd-compressed tar of `files` in their order, in memory: the zip entry it becomes must carry its size
 * and CRC in its local header (conda readers stream the zip), which yazl writes only for a buffer.
 */
async function tarZst(files: CondaFile[], epoch: number, level: number): Promise<Buffer> {
  const pack = tar.pack()
  const chunks: Buffer[] = []
  const collected = (async () => {
    for await (const chunk of pack) chunks.push(chunk as Buffer)
  })()
  const mtime = new Date(epoch * 1000)
  const adding = (async () => {
    for (const file of files) await addTarEntry(pack, file, mtime)
    pack.finalize()
  })()
  await Promise.all([
    collected,
    adding.catch((error: Error) => {
      pack.destroy(error)
      throw error
    })
  ])
  return zstd(Buffer.concat(chunks), level)
}

/**
 * Writes `<name>-<version>-<build>.conda` into `outDir`, the same bytes on every rebuild; returns its path.
 * `level` is for tests that package a whole compiler, where level 19 takes minutes.
 */
export async function writeCondaPackage(
  pkg: CondaPackage,
  outDir: string,
  epoch: number,
  level = ZSTD_LEVEL
): Promise<string> {
  const sorted = { ...pkg, files: [...pkg.files].sort(byPath) }
  const name = stem(pkg.index)
  const target = path.resolve(outDir, `${name}.conda`)
  const members: Array<[string, Buffer]> = [
    ['metadata.json', Buffer.from('{"conda_pkg_format_version": 2}')],
    [`pkg-${name}.tar.zst`, await tarZst(sorted.files, epoch, level)],
    // info last, as conda-package-handling writes it.
    [`info-${name}.tar.zst`, await tarZst(infoFiles(sorted), epoch, level)]
  ]
  const zip = new yazl.ZipFile()
  const mtime = dosDate(epoch)
  for (const [member, data] of members)
    zip.addBuffer(data, member, { mtime, mode: 0o100644, forceDosTimestamp: true, compress: false })
  zip.end()
  await writeAtomically(target, (temp) => pipeline(zip.outputStream, fs.createWriteStream(temp)))
  return target
}

/** The precompiled file where the environment's compiler looks; none for a bundle. */
async function payload(dist: Distribution): Promise<CondaFile[]> {
  if (!dist.package) return []
  const { import: name, format, file } = dist.package
  const digest = await fileDigest(file)
  return [{ type: 'file', path: `lib/mojo/${name}.${format}`, mode: 0o644, source: { file }, ...digest }]
}

/** Where the license file lies in the package (its info/ stays in the package cache, not the environment). */
export function condaLicensePath(dist: Distribution): string | undefined {
  return dist.licenseFile && `info/licenses/${path.basename(dist.licenseFile)}`
}

async function licenses(dist: Distribution): Promise<CondaFile[]> {
  const [at, file] = [condaLicensePath(dist), dist.licenseFile]
  if (!at || !file) return []
  return [{ type: 'file', path: at, mode: 0o644, source: { file }, ...(await fileDigest(file)) }]
}

/** Writes the distribution as a `.conda` into `outDir`; returns its path. */
export async function writeConda(dist: Distribution, outDir: string): Promise<string> {
  const pkg = {
    index: condaIndex(dist),
    about: condaAbout(dist),
    files: await payload(dist),
    licenses: await licenses(dist)
  }
  return writeCondaPackage(pkg, outDir, dist.epoch)
}
