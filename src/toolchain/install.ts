/**
 * Installs a Mojo toolchain into the runner's tool cache: tool-cache hit first, then an optional restore
 * tier (the Actions cache, see cache.ts), else download from the index, verify, extract and cache.
 */
import { untrusted } from '../log.js'
import fs from 'node:fs'
import path from 'node:path'
import * as core from '@actions/core'
import * as pep440 from '@renovatebot/pep440'
import { ToolchainError } from '../errors.js'
import type { Toolchain } from '../types.js'
import { downloadVerified, fetchMetadata } from './download.js'
import { driverEnv } from './env.js'
import { StreamUnpacker } from './stream-unpack.js'
import { extractToolchain, readWheelMetadata, wheelPrefix } from './unpack-wheel.js'
import { currentHost, type Host, wheelArch } from '../host.js'
import { chooseCompiler, choosePart, COMPILER } from './release.js'
import { listFiles, NIGHTLY_INDEX, PYPI_INDEX, type IndexFile } from './simple-index.js'
import {
  discardStaging,
  findInToolCache,
  markComplete,
  placeInToolCache,
  stagingBeside,
  toolCacheDir
} from './tool-cache.js'
import { describeRequest, type VersionRequest } from '../project/version-request.js'
import { wantsNightlyIndex } from './version.js'
import { parseRequiresDist, toolchainParts } from './wheel.js'

/** The tool-cache folder holds `modular/` (the toolchain root) and this record of what was installed. */
const RECORD = 'mojo-toolchain.json'
/**
 * And the wheels it came from: wheel verification installs them into a fresh venv with pip, as a user
 * does, with no second download and no index.
 */
const WHEELS = 'wheels'

interface InstallRecord {
  version: string
  files: Array<{ filename: string; sha256: string }>
}

export interface InstallOptions {
  request: VersionRequest
  /** `index-url`; '' or absent for PyPI (or the nightly index for nightly and dev requests). */
  indexUrl?: string
  host?: Host
  /** A tier between the tool cache and the index: fill `toolDir` and return true when it could. */
  restore?: (toolDir: string, version: string) => Promise<boolean>
}

export interface Installed extends Toolchain {
  /** The tool-cache folder (holds `modular/`); what the Actions cache saves. */
  toolDir: string
}

export function defaultIndex(request: VersionRequest, indexUrl = ''): string {
  return indexUrl || (wantsNightlyIndex(request) ? NIGHTLY_INDEX : PYPI_INDEX)
}

function readRecord(toolDir: string, version: string): InstallRecord | undefined {
  try {
    const record = JSON.parse(fs.readFileSync(path.join(toolDir, RECORD), 'utf8')) as InstallRecord
    const complete = ['modular/bin/mojo', WHEELS].every((p) => fs.existsSync(path.join(toolDir, p)))
    return complete && pep440.eq(record.version, version) ? record : undefined
  } catch {
    return undefined
  }
}

function toolchainAt(toolDir: string, version: string, source: Toolchain['source']): Installed {
  const root = path.join(toolDir, 'modular')
  const mojo = path.join(root, 'bin', 'mojo')
  return { version, root, mojo, env: driverEnv(root), wheels: path.join(toolDir, WHEELS), source, toolDir }
}

/** The tool-cache and restore tiers for one exact version; undefined when both miss. */
async function fromCaches(
  version: string,
  arch: string,
  options: InstallOptions
): Promise<Installed | undefined> {
  const found = findInToolCache(version, arch)
  const hit = found ? readRecord(found, version) : undefined
  if (found && hit) {
    core.info(`Found mojo-compiler ${hit.version} in the tool cache: ${found}`)
    return toolchainAt(found, hit.version, 'tool-cache')
  }
  if (!options.restore) return undefined
  const toolDir = toolCacheDir(version, arch)
  if (await options.restore(toolDir, version)) {
    const restored = readRecord(toolDir, version)
    if (restored) {
      markComplete(toolDir)
      return toolchainAt(toolDir, restored.version, 'cache')
    }
    core.warning(`The cached toolchain in ${toolDir} is incomplete; downloading it again.`)
  }
  fs.rmSync(toolDir, { recursive: true, force: true })
  return undefined
}

/**
 * Waits for every download, then throws the first failure: the staging folder is removed only once
 * nothing writes into it any more.
 */
async function allSettled(work: Array<Promise<unknown>>): Promise<void> {
  const failed = (await Promise.allSettled(work)).find((r) => r.status === 'rejected')
  if (failed) throw failed.reason
}

function megabytes(file: string): string {
  return `${(fs.statSync(file).size / 1e6).toFixed(1)} MB`
}

/**
 * Downloads, verifies and extracts the compiler and the parts its METADATA requires into `stage`.
 * With the METADATA from the index (PEP 658, as PyPI serves it) every wheel downloads at once; each
 * unpacks while it downloads (stream-unpack.ts), and is checked against its zip directory once its
 * sha256 is verified.
 */
async function downloadInto(
  stage: string,
  index: string,
  compiler: { version: string; file: IndexFile },
  host: Host
): Promise<InstallRecord> {
  const downloads = path.join(stage, WHEELS)
  const root = path.join(stage, 'modular')
  fs.mkdirSync(downloads)
  const install = async (file: IndexFile): Promise<string> => {
    const unpacker = new StreamUnpacker(file.filename, wheelPrefix(file.filename), root)
    let wheel: string
    let streamed = false
    try {
      wheel = await downloadVerified(file, downloads, (chunk) => unpacker.push(chunk))
    } finally {
      // Its writes end before anything else happens to the staging folder, whatever the download did.
      streamed = await unpacker.finish()
    }
    core.info(untrusted(`Downloaded ${file.filename} (${megabytes(wheel)}), sha256 ${file.sha256} verified`))
    await extractToolchain(wheel, root, streamed ? unpacker.files : undefined)
    return wheel
  }
  const parts = async (metadata: string): Promise<IndexFile[]> =>
    Promise.all(
      toolchainParts(parseRequiresDist(metadata)).map(async (part) => {
        core.info(untrusted(`mojo-compiler ${compiler.version} requires ${part.name}${part.specifier}`))
        return choosePart(await listFiles(index, part.name), part.name, part.specifier, host)
      })
    )
  const indexMetadata = await fetchMetadata(compiler.file)
  let files: IndexFile[]
  if (indexMetadata) {
    files = [compiler.file, ...(await parts(indexMetadata))]
    await allSettled(files.map(install))
  } else {
    // Without it, the compiler wheel names its parts only once it is here.
    const wheel = await install(compiler.file)
    const rest = await parts(await readWheelMetadata(wheel))
    await allSettled(rest.map(install))
    files = [compiler.file, ...rest]
  }
  if (!fs.existsSync(path.join(root, 'bin', 'mojo'))) {
    throw new ToolchainError(
      `the mojo-compiler ${compiler.version} wheels hold no modular/bin/mojo; this is not a Mojo compiler.`
    )
  }
  const record: InstallRecord = {
    version: compiler.version,
    files: files.map((f) => ({ filename: f.filename, sha256: f.sha256! }))
  }
  fs.writeFileSync(path.join(stage, RECORD), JSON.stringify(record, null, 2))
  return record
}

/**
 * Resolves and installs a toolchain. Exact versions are looked up in the caches before the index is
 * asked anything, so a warm runner needs no network.
 */
export async function installToolchain(options: InstallOptions): Promise<Installed> {
  const host = options.host ?? currentHost()
  wheelArch(host) // fail early, naming the supported platforms
  const arch = host.arch
  const { request } = options
  if (request.kind === 'exact') {
    const cached = await fromCaches(request.version, arch, options)
    if (cached) return cached
  }
  const index = defaultIndex(request, options.indexUrl)
  const compiler = chooseCompiler(await listFiles(index, COMPILER), request, host)
  core.info(
    `mojo-version '${describeRequest(request)}' resolves to mojo-compiler ${compiler.version} on ${untrusted(index)}`
  )
  if (request.kind !== 'exact') {
    const cached = await fromCaches(compiler.version, arch, options)
    if (cached) return cached
  }
  const toolDir = toolCacheDir(compiler.version, arch)
  const stage = stagingBeside(toolDir)
  try {
    await downloadInto(stage, index, compiler, host)
    placeInToolCache(stage, toolDir)
  } finally {
    discardStaging(stage)
  }
  core.info(`Installed mojo-compiler ${compiler.version} in ${toolDir}`)
  return toolchainAt(toolDir, compiler.version, 'download')
}
