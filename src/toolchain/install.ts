/**
 * Installs a Mojo toolchain into the runner's tool cache: tool-cache hit first, then an optional restore
 * tier (the Actions cache, see cache.ts), else download from the index, verify, extract and cache. A
 * cached toolchain is used only once every file of it is proven (proof.ts); one that fails is never run.
 */
import { untrusted } from '../log.js'
import fs from 'node:fs'
import path from 'node:path'
import * as core from '@actions/core'
import { ToolchainError } from '../errors.js'
import { phase } from '../phases.js'
import type { Toolchain } from '../types.js'
import { downloadVerified, fetchMetadata } from './download.js'
import { driverEnv } from './env.js'
import { StreamUnpacker } from './stream-unpack.js'
import { extractToolchain, readWheelMetadata, wheelPrefix } from './unpack-wheel.js'
import { currentHost, type Host, wheelArch } from '../host.js'
import { chooseCompiler, choosePart, COMPILER } from './compiler-files.js'
import { listFiles, NIGHTLY_INDEX, PYPI_INDEX, type IndexFile } from './simple-index.js'
import { proveTree, wheelsTree, type TreeManifest } from './file-facts.js'
import {
  proveInstalled,
  proveRestored,
  readRecord,
  RECORD,
  ROOT,
  WHEELS,
  writeRecord,
  type InstallRecord
} from './proof.js'
import {
  discardStaging,
  findInToolCache,
  markComplete,
  moveAside,
  placeInToolCache,
  removeStaleLeftovers,
  stagingBeside,
  toolCacheDir
} from './tool-cache.js'
import { describeRequest, type VersionRequest } from '../project/version-request.js'
import { wantsNightlyIndex } from './version.js'
import { parseRequiresDist, toolchainParts } from './wheel-name.js'

interface InstallOptions {
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

function defaultIndex(request: VersionRequest, indexUrl = ''): string {
  return indexUrl || (wantsNightlyIndex(request) ? NIGHTLY_INDEX : PYPI_INDEX)
}

function toolchainAt(toolDir: string, version: string, source: Toolchain['source']): Installed {
  const root = path.join(toolDir, ROOT)
  const mojo = path.join(root, 'bin', 'mojo')
  return { version, root, mojo, env: driverEnv(root), wheels: path.join(toolDir, WHEELS), source, toolDir }
}

/**
 * The record of the toolchain in `toolDir` once `prove` found nothing wrong, else what is wrong. A
 * proof that cannot even be run (an unreadable wheel) is a failed proof.
 */
async function proven(
  toolDir: string,
  version: string,
  prove: (record: InstallRecord) => Promise<string | undefined>
): Promise<InstallRecord | string> {
  const record = readRecord(toolDir, version)
  if (!record) return `${RECORD} is missing or from an older install`
  return phase('toolchain proof', async () => {
    try {
      return (await prove(record)) ?? record
    } catch (error) {
      return error instanceof Error ? error.message : String(error)
    }
  })
}

/** Takes a toolchain that failed its proof out of the tool cache, saying which file gave it away. */
function discard(toolDir: string, from: string, problem: string): void {
  core.warning(
    untrusted(
      `The Mojo toolchain ${from} (${toolDir}) is not what its wheels install: ${problem}. It is not run; it is removed and installed again.`
    )
  )
  moveAside(toolDir)
}

/**
 * The tool-cache and restore tiers for one exact version; undefined when both miss. Neither is run
 * before it is proven (proof.ts).
 */
async function fromCaches(
  version: string,
  arch: string,
  index: string,
  options: InstallOptions
): Promise<Installed | undefined> {
  const toolDir = toolCacheDir(version, arch)
  for (const removed of removeStaleLeftovers(toolDir))
    core.info(`Removed ${removed}, left by a run that ended`)
  if (findInToolCache(version, arch)) {
    const found = await proven(toolDir, version, (record) => proveInstalled(toolDir, record))
    if (typeof found !== 'string') {
      core.info(`Found mojo-compiler ${found.version} in the tool cache, every file proven: ${toolDir}`)
      return toolchainAt(toolDir, found.version, 'tool-cache')
    }
    discard(toolDir, 'in the tool cache', found)
  }
  // A folder without its marker may be another run's restore or placement under way: never touched here.
  if (!options.restore || fs.existsSync(toolDir)) return undefined
  if (await options.restore(toolDir, version)) {
    const restored = await proven(toolDir, version, (record) => proveRestored(toolDir, record, index))
    if (typeof restored !== 'string') {
      markComplete(toolDir)
      core.info(`Every file of the restored mojo-compiler ${restored.version} is proven against its wheels.`)
      return toolchainAt(toolDir, restored.version, 'cache')
    }
    discard(toolDir, 'restored from the Actions cache', restored)
  }
  moveAside(toolDir) // what a failed restore left
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
  const root = path.join(stage, ROOT)
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
  // Phases apart, so the time per phase shows where a cold install goes: bytes in, then the proof.
  const files = await phase('toolchain download', async () => {
    const indexMetadata = await fetchMetadata(compiler.file)
    if (indexMetadata) {
      const all = [compiler.file, ...(await parts(indexMetadata))]
      await allSettled(all.map(install))
      return all
    }
    // Without it, the compiler wheel names its parts only once it is here.
    const wheel = await install(compiler.file)
    const rest = await parts(await readWheelMetadata(wheel))
    await allSettled(rest.map(install))
    return [compiler.file, ...rest]
  })
  if (!fs.existsSync(path.join(root, 'bin', 'mojo'))) {
    throw new ToolchainError(
      `the mojo-compiler ${compiler.version} wheels hold no modular/bin/mojo; this is not a Mojo compiler.`
    )
  }
  // The facts later runs prove the tree against; proven here too, so a record is never one it fails.
  const { tree, problem } = await phase('toolchain tree proof', async () => {
    const facts = await wheelsTree(files.map((f) => path.join(downloads, path.basename(f.filename))))
    return { tree: facts, problem: await proveTree(root, facts) }
  })
  if (problem !== undefined)
    throw new ToolchainError(
      `the mojo-compiler ${compiler.version} wheels do not unpack to what their RECORDs list (${problem}); the wheels are broken: pick another mojo-version or index-url.`
    )
  const record: InstallRecord = {
    version: compiler.version,
    wheels: files.map((f) => ({ filename: f.filename, sha256: f.sha256! })),
    tree
  }
  writeRecord(stage, record)
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
  const index = defaultIndex(request, options.indexUrl)
  if (request.kind === 'exact') {
    const cached = await fromCaches(request.version, arch, index, options)
    if (cached) return cached
  }
  const compiler = chooseCompiler(await listFiles(index, COMPILER), request, host)
  core.info(
    `mojo-version '${describeRequest(request)}' resolves to mojo-compiler ${compiler.version} on ${untrusted(index)}`
  )
  if (request.kind !== 'exact') {
    const cached = await fromCaches(compiler.version, arch, index, options)
    if (cached) return cached
  }
  const toolDir = toolCacheDir(compiler.version, arch)
  const stage = stagingBeside(toolDir)
  try {
    const { tree } = await downloadInto(stage, index, compiler, host)
    await place(stage, toolDir, tree)
  } finally {
    discardStaging(stage)
  }
  core.info(`Installed mojo-compiler ${compiler.version} in ${toolDir}`)
  return toolchainAt(toolDir, compiler.version, 'download')
}

/**
 * Puts a proven staging folder in place. When another run put one there meanwhile, theirs may be in
 * use: it is kept if it proves against the facts of our wheels, and only moved aside if it does not
 * (a restore that did not finish).
 */
async function place(stage: string, toolDir: string, tree: TreeManifest): Promise<void> {
  if (placeInToolCache(stage, toolDir)) return
  const problem = await proveTree(path.join(toolDir, ROOT), tree)
  if (problem === undefined) {
    core.info(`Another run installed the same toolchain in ${toolDir} meanwhile; using that one.`)
    markComplete(toolDir)
    return
  }
  moveAside(toolDir)
  if (!placeInToolCache(stage, toolDir))
    throw new ToolchainError(
      `another run keeps replacing ${toolDir} while this one installs; re-run the job.`
    )
}
