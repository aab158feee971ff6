/** The action's inputs, read once into one typed object. Names are the contract in action.yml. */
import path from 'node:path'
import { InputError } from '../errors.js'
import { hasControl, untrusted } from '../log.js'
import { isIdentifier, splitArchiveName } from '../names.js'
import { tagVersion } from './ref.js'
import type { PackageFormat } from '../types.js'
import { isWithin } from '../workspace-files.js'
import {
  isFetchableUrl,
  parseBoolean,
  parseChoice,
  parseInteger,
  parseKeyedLines,
  parseLines,
  splitArgv
} from './parse.js'

type CacheMode = 'true' | 'false' | 'restore-only'

/** A tag build: what it builds is released, so by default nothing another run wrote reaches it. */
export function isTagBuild(ref: string | undefined): boolean {
  return ref?.startsWith('refs/tags/') ?? false
}

/**
 * `cache: auto` is `true`, except on tag builds, where it is `false` (setup-uv's rule for releases: a
 * poisoned cache entry must not reach what is released). `true` asks for the cache on tags too.
 */
function cacheMode(value: string, ref: string | undefined): CacheMode {
  const mode = parseChoice('cache', value || 'auto', ['auto', 'true', 'false', 'restore-only'] as const)
  if (mode !== 'auto') return mode
  return isTagBuild(ref) ? 'false' : 'true'
}
type UploadMode = 'archive' | 'files'
type IfNoFilesFound = 'warn' | 'error' | 'ignore'

export interface ArchiveSpec {
  /** Archive name without extension, e.g. `benchmarks`. */
  name: string
  format: 'tar.gz' | 'zip'
  /** Globs relative to the workspace. */
  patterns: string[]
}

export interface VerifyCommand {
  /** Archive name the command runs in (extracted). */
  archive: string
  argv: string[]
}

/** `check-version-bump`: how an unbumped or under-bumped package counts. */
export type VersionBumpMode = 'error' | 'warn' | 'off'

export interface Inputs {
  // toolchain
  /** `mojo-version` as given, or '' to read `mojoVersionFile`/default. */
  mojoVersion: string
  /** `mojo-version-file`, or '' to look for the lock files, then the files that declare Mojo. */
  mojoVersionFile: string
  /** `pixi-environment`: whose locked compiler to use, or '' for `default`. */
  pixiEnvironment: string
  /** `index-url`, or '' for the default (PyPI, or the nightly index for dev versions). */
  indexUrl: string
  cache: CacheMode
  /**
   * Whether the toolchain itself goes through the Actions cache: only when `cache` asks for it by name.
   * On a fresh hosted runner, restoring it (the wheels and their unpacked tree, 167 MB for Mojo 1.2.0)
   * measured slower than downloading the 85 MB of wheels from the index (`npm run bench`, hosted case).
   */
  cacheToolchain: boolean
  /** Keep the compiler's cache (MODULAR_CACHE_DIR) between runs (`compile-cache`). */
  compileCache: boolean
  // project and build
  /** Absolute workspace folder (`working-directory` resolved against GITHUB_WORKSPACE). */
  workspace: string
  /** Package folders or globs; empty means discover. */
  packages: string[]
  /** `external-packages`: precompiled files, folders of them or source package folders the packages import. */
  externalPackages: string[]
  /** `output-dir`, relative to the workspace. */
  outputDir: string
  /** What ships: the precompiled file, wheels, conda packages, source archives. */
  formats: Set<DistributionFormat>
  /** Deprecated `format`: which precompiled file (`auto`: .mojoc where the compiler can write it). */
  format: 'auto' | PackageFormat
  /** `version` override for every package, or ''. */
  version: string
  /** `bundle` name, or ''. */
  bundle: string
  archives: ArchiveSpec[]
  checkTag: boolean
  /** `check-version-bump`: `error` (the default on tag builds), `warn` (the default on other builds) or `off`. */
  checkVersionBump: VersionBumpMode
  /** `changelog`: the changelog, relative to the workspace, or '' for CHANGELOG.md when there is one. */
  changelog: string
  /** `compile-timeout` (minutes) in ms: one compile that runs longer is stopped. */
  compileTimeoutMs: number
  // verify
  verify: boolean
  /** package (import or manifest name) -> symbols to import. */
  verifyImports: Map<string, string[]>
  /** `.mojo` files relative to the workspace. */
  verifyScripts: string[]
  verifyCommands: VerifyCommand[]
  // publish
  upload: boolean
  /** `artifact-name`, or '' for `mojo-packages-<version>` (in a matrix, plus the compiler and platform). */
  artifactName: string
  /** `matrix`: the job runs in a matrix, so the default artifact name must tell its cells apart. */
  inMatrix: boolean
  uploadMode: UploadMode
  /** 0 means the repository's default. */
  retentionDays: number
  compressionLevel: number
  ifNoFilesFound: IfNoFilesFound
  overwrite: boolean
}

type GetInput = (name: string) => string

const DISTRIBUTION_FORMATS = ['mojoc', 'wheel', 'conda', 'source'] as const
export type DistributionFormat = (typeof DISTRIBUTION_FORMATS)[number]

/** `mojoc, wheel` or one per line: each a known format, at least one. */
function parseFormats(value: string): Set<DistributionFormat> {
  const words = value.split(/[\s,]+/).filter((w) => w !== '')
  if (words.length === 0) {
    throw new InputError('formats', `list at least one of ${DISTRIBUTION_FORMATS.join(', ')}.`)
  }
  return new Set(words.map((w) => parseChoice('formats', w, DISTRIBUTION_FORMATS)))
}

function parseArchives(value: string): ArchiveSpec[] {
  const seen = new Set<string>()
  return parseKeyedLines('archives', value, 'NAME[.tar.gz|.zip]: PATTERN...').map(([key, rest]) => {
    const { name, format = 'tar.gz' } = splitArchiveName(key)
    if (/\.(rar|7z|tar|tar\.(bz2|xz|zst)|tbz2?|txz|gz|bz2|xz|zst|jar|whl)$/i.test(name)) {
      throw new InputError(
        'archives',
        `archive '${key}': the action writes .tar.gz and .zip only; name it NAME, NAME.tar.gz or NAME.zip.`
      )
    }
    if (!SAFE_NAME.test(name)) {
      throw new InputError(
        'archives',
        `archive name '${key}' may hold only letters, digits, '.', '_' and '-'.`
      )
    }
    if (seen.has(name)) throw new InputError('archives', `archive '${name}' is listed twice.`)
    seen.add(name)
    return { name, format, patterns: rest.split(/\s+/) }
  })
}

/** A file name with no path, no leading dot and nothing a shell or an artifact name would choke on. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/

/** What actions/upload-artifact refuses in a name, plus `..`. */
function checkArtifactName(name: string): string {
  const bad = /["':<>|*?\\/\r\n]/.exec(name)
  if (bad || name.includes('..') || name !== name.trim()) {
    throw new InputError(
      'artifact-name',
      `'${name.replace(/[\r\n]/g, ' ')}' cannot name an artifact: use letters, digits, '.', '_' and '-' (no '/', ':', '..', quotes, <, >, |, *, ?, \\).`
    )
  }
  return name
}

/**
 * `matrix` is the job's matrix as JSON, which the runner fills in from action.yml's default
 * `${{ toJSON(matrix) }}` (`null` outside a matrix), as github/codeql-action does: GitHub exposes no
 * matrix or strategy to an action otherwise. A runner that does not evaluate defaults (local-action)
 * passes the expression as written: no matrix is known then.
 */
function parseMatrix(value: string): boolean {
  if (value === '' || /^\$\{\{[^]*\}\}$/.test(value)) return false
  let matrix: unknown
  try {
    matrix = JSON.parse(value)
  } catch {
    matrix = undefined
  }
  if (matrix === null) return false
  if (typeof matrix === 'object' && !Array.isArray(matrix)) return Object.keys(matrix).length > 0
  throw new InputError(
    'matrix',
    `'${untrusted(value)}' is not a job's matrix as JSON: leave 'matrix' unset, and GitHub passes the job's matrix.`
  )
}

/** pixi environment names are lower-case letters, digits and dashes. */
function checkEnvironmentName(name: string): string {
  if (!/^[a-z0-9-]*$/.test(name)) {
    throw new InputError(
      'pixi-environment',
      `'${untrusted(name)}' is not a pixi environment name: use the name from pixi.toml's [environments], e.g. default.`
    )
  }
  return name
}

function checkBundleName(name: string): string {
  if (name !== '' && !SAFE_NAME.test(name)) {
    throw new InputError(
      'bundle',
      `'${name}' cannot be a file name: use letters, digits, '.', '_' and '-', starting with a letter or digit.`
    )
  }
  return name
}

/** A file inside the repository (`base`), relative to the workspace, e.g. `CHANGELOG.md` or `../CHANGELOG.md`. */
function checkRepositoryFile(input: string, value: string, workspace: string, base: string): string {
  const resolved = path.resolve(workspace, value)
  const inside = path.relative(base, resolved)
  if (
    value !== '' &&
    (path.isAbsolute(value) || inside === '' || inside.startsWith('..') || path.isAbsolute(inside))
  ) {
    throw new InputError(
      input,
      `'${untrusted(value)}' must be a file inside the repository, relative to the working directory.`
    )
  }
  return value
}

/** The index to download from: https:// or file://; http:// only on this machine (a local mirror). */
function checkIndexUrl(value: string): string {
  if (value === '') return value
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new InputError(
      'index-url',
      `'${value}' is not a URL: write e.g. https://pypi.org/simple/ or file:///path/to/simple/.`
    )
  }
  if (!isFetchableUrl(url)) {
    throw new InputError(
      'index-url',
      `'${value}' must be an https:// or file:// URL (http:// only for 127.0.0.1 or localhost).`
    )
  }
  return value
}

function parseVerifyImports(value: string): Map<string, string[]> {
  const imports = new Map<string, string[]>()
  for (const [pkg, rest] of parseKeyedLines('verify-imports', value, 'PACKAGE: Symbol, Symbol')) {
    const symbols = rest.split(',').map((s) => s.trim())
    const bad = symbols.find((s) => !isIdentifier(s))
    if (bad !== undefined)
      throw new InputError('verify-imports', `'${bad}' (for ${pkg}) is not a Mojo identifier.`)
    imports.set(pkg, [...(imports.get(pkg) ?? []), ...symbols])
  }
  return imports
}

function parseVerifyCommands(value: string): VerifyCommand[] {
  return parseKeyedLines('verify-commands', value, 'ARCHIVE: COMMAND ARGS...').map(([archive, rest]) => ({
    archive: splitArchiveName(archive).name,
    argv: splitArgv('verify-commands', rest)
  }))
}

/** A path input is one plain line: a newline or escape in it would reach logs, outputs and file names. */
function plainPath(input: string, value: string): string {
  if (hasControl(value))
    throw new InputError(
      input,
      `'${untrusted(value)}' has a control character (such as a newline): remove it.`
    )
  return value
}

export function loadInputs(get: GetInput, env: NodeJS.ProcessEnv = process.env): Inputs {
  const base = env.GITHUB_WORKSPACE || process.cwd()
  const workingDirectory = plainPath('working-directory', get('working-directory').trim() || '.')
  const outputDir = plainPath('output-dir', get('output-dir').trim() || 'dist')
  if (outputDir.split(/[\\/]/).includes('..') || outputDir.startsWith('/')) {
    throw new InputError('output-dir', `'${outputDir}' must be a folder inside the workspace.`)
  }
  const workspace = path.resolve(base, workingDirectory)
  if (!isWithin(workspace, base)) {
    throw new InputError(
      'working-directory',
      `'${untrusted(workingDirectory)}' leaves the repository: name a folder inside it, relative to the repository root.`
    )
  }
  const version = get('version').trim().replace(/^v/, '')
  const retention = get('retention-days').trim()
  const compression = get('compression-level').trim()
  return {
    mojoVersion: get('mojo-version').trim(),
    mojoVersionFile: plainPath('mojo-version-file', get('mojo-version-file').trim()),
    pixiEnvironment: checkEnvironmentName(get('pixi-environment').trim()),
    indexUrl: checkIndexUrl(get('index-url').trim()),
    cache: cacheMode(get('cache'), env.GITHUB_REF),
    cacheToolchain: ['true', 'restore-only'].includes(get('cache').trim()),
    compileCache: parseBoolean('compile-cache', get('compile-cache') || 'true'),
    workspace,
    packages: parseLines(get('packages')),
    externalPackages: parseLines(get('external-packages')),
    outputDir,
    formats: parseFormats(get('formats') || 'mojoc, wheel, conda'),
    format: parseChoice('format', get('format') || 'auto', ['auto', 'mojoc', 'mojopkg'] as const),
    version,
    bundle: checkBundleName(get('bundle').trim()),
    archives: parseArchives(get('archives')),
    checkTag: parseBoolean('check-tag', get('check-tag') || 'true'),
    checkVersionBump: parseChoice(
      'check-version-bump',
      get('check-version-bump') || (tagVersion(env.GITHUB_REF) === undefined ? 'warn' : 'error'),
      ['error', 'warn', 'off'] as const
    ),
    changelog: checkRepositoryFile('changelog', get('changelog').trim(), workspace, base),
    compileTimeoutMs: parseInteger('compile-timeout', get('compile-timeout') || '30', 1, 360) * 60_000,
    verify: parseBoolean('verify', get('verify') || 'true'),
    verifyImports: parseVerifyImports(get('verify-imports')),
    verifyScripts: parseLines(get('verify-script')),
    verifyCommands: parseVerifyCommands(get('verify-commands')),
    upload: parseBoolean('upload', get('upload') || 'true'),
    artifactName: checkArtifactName(get('artifact-name').trim()),
    inMatrix: parseMatrix(get('matrix').trim()),
    uploadMode: parseChoice('upload-mode', get('upload-mode') || 'archive', ['archive', 'files'] as const),
    retentionDays: retention === '' ? 0 : parseInteger('retention-days', retention, 1, 90),
    compressionLevel: compression === '' ? 6 : parseInteger('compression-level', compression, 0, 9),
    ifNoFilesFound: parseChoice('if-no-files-found', get('if-no-files-found') || 'warn', [
      'warn',
      'error',
      'ignore'
    ] as const),
    overwrite: parseBoolean('overwrite', get('overwrite') || 'false')
  }
}

/** Warnings for deprecated inputs that still work in this major version. */
export function deprecationWarnings(inputs: Pick<Inputs, 'format'>): string[] {
  return inputs.format === 'auto'
    ? []
    : [
        `Input 'format' is deprecated and goes away in v2: list 'mojoc' in 'formats' for the precompiled ` +
          `file. 'format: ${inputs.format}' is still honoured here.`
      ]
}
