/**
 * Which Mojo compiler the project tested with, and where that was read. First of:
 * 1. the `mojo-version` input;
 * 2. the file `mojo-version-file` names;
 * 3. the version locked in pixi.lock (or magic.lock) for this runner's platform and pixi environment;
 * 4. the version uv.lock locks, then a `.mojo-version` file;
 * 5. the dependency pixi.toml, mojoproject.toml or pyproject.toml declares (a `modular`/`max` pin
 *    maps to the Mojo release it ships);
 * 6. latest.
 * A lock whose version the manifest beside it no longer admits is stale and fails (stale-lock.ts).
 */
import * as core from '@actions/core'
import path from 'node:path'
import { InputError, ProjectFileError } from '../errors.js'
import type { Inputs } from '../inputs/inputs.js'
import { untrusted } from '../log.js'
import { parseRequirement } from '../requirement.js'
import { condaPlatform, currentHost, type Host } from '../host.js'
import { parseVersionRequest, type VersionRequest } from './version-request.js'
import { KNOWN_MODULAR_RELEASES, mojoOfModular } from './modular-releases.js'
import { readWorkspaceFileSync, workspaceEntry } from '../workspace-files.js'
import { LOCK_FILES, lockedCompiler } from './pixi-lock.js'
import {
  COMPILER_NAMES,
  compilerDependency,
  environmentCompilerDependencies,
  type CompilerDependency
} from './pixi-toml.js'
import { checkLockMatchesManifest, checkUvRoot } from './stale-lock.js'
import { isTable, readToml, type Table } from './toml.js'

export interface CompilerPin {
  request: VersionRequest
  /** Where the request came from, for the log, the summary and errors. */
  origin: string
}

/** The origin of a version the `mojo-version` input gives. */
export const MOJO_VERSION_INPUT = 'the mojo-version input'

export type PinInputs = Pick<Inputs, 'workspace' | 'mojoVersion' | 'mojoVersionFile' | 'pixiEnvironment'>

const UV_LOCK = 'uv.lock'
const MOJO_VERSION_FILE = '.mojo-version'
const PYPROJECT = 'pyproject.toml'
const DECLARING_FILES = ['pixi.toml', 'mojoproject.toml', PYPROJECT]

/** A request from text a file holds; the error names the file and the fix. */
function requestFrom(spec: string, file: string): VersionRequest {
  const request = parseVersionRequest(spec)
  if (!request) {
    throw new ProjectFileError(
      file,
      `the Mojo version '${untrusted(spec)}' is neither a PEP 440 version nor a specifier; write e.g. "==1.2.0" or ">=1.0,<2", or set mojo-version.`
    )
  }
  return request
}

/** The Mojo a `modular`/`max` release ships; `where` says where that release was named, for messages. */
function pinOfRelease(name: string, request: VersionRequest, where: string, file: string): CompilerPin {
  const specifier =
    request.kind === 'exact' ? `==${request.version}` : request.kind === 'range' ? request.specifier : ''
  const release = mojoOfModular(specifier)
  if (!release) {
    throw new ProjectFileError(
      file,
      `${untrusted(where)}: no ${name} release this action knows matches (${KNOWN_MODULAR_RELEASES}, the ones ` +
        `whose Mojo is on PyPI): set mojo-version to the Mojo version the project needs.`
    )
  }
  return {
    request: { kind: 'exact', version: release.mojo },
    origin: untrusted(`${where}: ${name} ${release.modular} ships Mojo ${release.mojo}`)
  }
}

/** A declared compiler dependency; `modular`/`max` pins become the Mojo release they ship. */
function pinOfDependency(dep: CompilerDependency, file: string): CompilerPin {
  const where = `${file} ${dep.table} ${dep.name} = "${dep.spec}"`
  const request = requestFrom(dep.spec, file)
  if (dep.name === 'modular' || dep.name === 'max') return pinOfRelease(dep.name, request, where, file)
  return { request, origin: untrusted(where) }
}

/** The compiler dependency pyproject.toml declares: `[project].dependencies`, then `[tool.pixi]`. */
function pyprojectDependency(text: string, file: string): CompilerDependency | undefined {
  const doc = readToml(text, file)
  const deps = isTable(doc.project) && Array.isArray(doc.project.dependencies) ? doc.project.dependencies : []
  const requirements = deps.flatMap((d) => (typeof d === 'string' ? (parseRequirement(d) ?? []) : []))
  for (const name of COMPILER_NAMES) {
    const found = requirements.find((r) => r.name === name)
    if (found) return { name, spec: found.specifier, table: '[project] dependencies' }
  }
  const pixi = isTable(doc.tool) && isTable(doc.tool.pixi) ? doc.tool.pixi : undefined
  return pixi && compilerDependency(pixi, 'tool.pixi.')
}

/** The manifest beside a pixi lock file, first of these, and where its pixi tables are. */
const PIXI_MANIFESTS: Record<string, string[]> = {
  'pixi.lock': ['pixi.toml', PYPROJECT, 'mojoproject.toml'],
  'magic.lock': ['mojoproject.toml', 'pixi.toml', PYPROJECT]
}

function pixiManifest(
  workspace: string,
  lockFile: string
): { file: string; doc: Table; prefix: string } | undefined {
  for (const name of PIXI_MANIFESTS[path.basename(lockFile)] ?? []) {
    const file = path.join(path.dirname(lockFile), name)
    const text = readText(workspace, file)
    if (text === undefined) continue
    const doc = readToml(text, file)
    if (name !== PYPROJECT) return { file, doc, prefix: '' }
    if (isTable(doc.tool) && isTable(doc.tool.pixi)) return { file, doc: doc.tool.pixi, prefix: 'tool.pixi.' }
  }
  return undefined
}

/** The version uv.lock locks for `mojo-compiler` or `mojo`, once checked against pyproject.toml beside it. */
function uvLocked(text: string, file: string, workspace: string): CompilerPin | undefined {
  const doc = readToml(text, file)
  const packages = Array.isArray(doc.package) ? doc.package.filter(isTable) : []
  for (const name of ['mojo-compiler', 'mojo']) {
    const found = packages.find((p) => p.name === name && typeof p.version === 'string')
    if (found) {
      checkUvManifest(packages, file, workspace)
      return {
        request: requestFrom(String(found.version), file),
        origin: `${name} ${found.version} locked in ${file}`
      }
    }
  }
  return undefined
}

/** uv.lock is stale when its root package is another project or it locks Mojo outside pyproject's range. */
function checkUvManifest(packages: Table[], file: string, workspace: string): void {
  const manifest = path.join(path.dirname(file), PYPROJECT)
  const text = readText(workspace, manifest)
  if (text === undefined) return
  const project = readToml(text, manifest).project
  if (!isTable(project)) return
  const deps = Array.isArray(project.dependencies) ? project.dependencies : []
  const requirements = deps.flatMap((d) => (typeof d === 'string' ? (parseRequirement(d) ?? []) : []))
  const files = {
    lock: file,
    manifest,
    locked: packages.flatMap((p) =>
      typeof p.name === 'string' && typeof p.version === 'string'
        ? [{ name: p.name, version: p.version }]
        : []
    ),
    declared: COMPILER_NAMES.flatMap((name) =>
      requirements
        .filter((r) => r.name === name && r.specifier !== '')
        .map((r) => ({ name, spec: r.specifier, table: '[project] dependencies' }))
    ),
    where: '',
    refresh: 'uv lock'
  }
  if (typeof project.name === 'string') checkUvRoot(files, packages, project.name)
  checkLockMatchesManifest(files)
}

interface Reader {
  file: string
  read(text: string): CompilerPin | undefined
}

/** How each kind of file gives a pin; `file` is workspace-relative. */
function readerFor(file: string, inputs: PinInputs, host: Host): Reader {
  const base = path.basename(file)
  if ((LOCK_FILES as readonly string[]).includes(base)) {
    return {
      file,
      read: (text) => {
        const platform = condaPlatform(host) ?? `${host.platform}-${host.arch}`
        const environment = inputs.pixiEnvironment || 'default'
        const locked = lockedCompiler(text, file, platform, environment, inputs.pixiEnvironment !== '')
        if (!locked.locked) {
          core.info(untrusted(`Not using ${file}: ${locked.why}.`))
          return undefined
        }
        if (locked.note) core.info(untrusted(`${file}: ${locked.note}.`))
        const on = `${locked.platformName ? `platform ${locked.platformName}, ` : ''}environment ${environment}`
        const manifest = pixiManifest(inputs.workspace, file)
        const declared =
          manifest && environmentCompilerDependencies(manifest.doc, environment, platform, manifest.prefix)
        if (manifest && declared) {
          checkLockMatchesManifest({
            lock: file,
            manifest: manifest.file,
            locked: locked.packages,
            declared,
            where: `for ${platform} (${on})`,
            refresh: 'pixi lock'
          })
        }
        const where = `locked in ${file} for ${platform} (${on})`
        if (locked.name === 'max' || locked.name === 'max-core') {
          const request = requestFrom(locked.version, file)
          return pinOfRelease('max', request, `${locked.name} ${locked.version} ${where}`, file)
        }
        return {
          request: requestFrom(locked.version, file),
          origin: untrusted(`${file}, locked for ${platform} (${on})`)
        }
      }
    }
  }
  if (base === UV_LOCK) return { file, read: (text) => uvLocked(text, file, inputs.workspace) }
  if (base === MOJO_VERSION_FILE) {
    const read = (text: string): CompilerPin => {
      const spec = text.trim()
      return { request: requestFrom(spec, file), origin: untrusted(file) }
    }
    return { file, read }
  }
  return {
    file,
    read: (text) => {
      const dep =
        base === PYPROJECT ? pyprojectDependency(text, file) : compilerDependency(readToml(text, file))
      return dep && pinOfDependency(dep, file)
    }
  }
}

const readText = (workspace: string, file: string): string | undefined =>
  readWorkspaceFileSync(workspace, file, 'Mojo version file')

/** The files looked at when no input names the version, in order. */
const PIN_FILES = [...LOCK_FILES, UV_LOCK, MOJO_VERSION_FILE, ...DECLARING_FILES]

export function compilerPin(inputs: PinInputs, host: Host = currentHost()): CompilerPin {
  if (inputs.mojoVersion) {
    const request = parseVersionRequest(inputs.mojoVersion)
    if (!request) {
      throw new InputError(
        'mojo-version',
        `'${untrusted(inputs.mojoVersion)}' is not a version, a PEP 440 specifier, 'latest' or 'nightly'; write e.g. 1.2.0, '>=1.0,<2' or latest.`
      )
    }
    return { request, origin: MOJO_VERSION_INPUT }
  }
  if (inputs.mojoVersionFile) {
    const file = inputs.mojoVersionFile
    const text = readText(inputs.workspace, file)
    if (text === undefined) {
      const exists = workspaceEntry(inputs.workspace, file, 'Mojo version file') !== undefined
      throw new InputError(
        'mojo-version-file',
        `'${untrusted(file)}' ${exists ? 'is not a file' : `does not exist in ${inputs.workspace}`}: name one of ` +
          `${PIN_FILES.join(', ')}, or remove the input.`
      )
    }
    const pin = readerFor(file, inputs, host).read(text)
    if (!pin) {
      throw new ProjectFileError(
        file,
        `names no Mojo compiler (${COMPILER_NAMES.join(', ')}); add one, or set mojo-version.`
      )
    }
    return pin
  }
  if (inputs.pixiEnvironment && !LOCK_FILES.some((f) => readText(inputs.workspace, f) !== undefined)) {
    throw new InputError(
      'pixi-environment',
      `there is no ${LOCK_FILES.join(' or ')} in ${inputs.workspace} to read it from: commit the lock file, or remove the input.`
    )
  }
  for (const file of PIN_FILES) {
    const text = readText(inputs.workspace, file)
    const pin = text === undefined ? undefined : readerFor(file, inputs, host).read(text)
    if (pin) return pin
  }
  return {
    request: { kind: 'latest' },
    origin: `the default (no mojo-version input, and none of ${PIN_FILES.join(', ')} names Mojo)`
  }
}
