/** Types shared between pipeline stages. Each stage owns its own internal types. */

/** An installed, runnable Mojo toolchain. */
export interface Toolchain {
  /** Exact PEP 440 version, as the index lists it (e.g. `1.2.0`, `0.26.2.0`). */
  version: string
  /** The extracted `modular` tree (holds `bin/mojo`, `lib/`, `lib/mojo/`). */
  root: string
  /** Absolute path of the native driver, `<root>/bin/mojo`. */
  mojo: string
  /** The minimal environment the native driver needs (no PATH, no HOME): add to a child's env. */
  env: Record<string, string>
  /** The folder of the compiler wheels it was installed from (for `pip install --find-links`). */
  wheels: string
  /** Where the toolchain came from on this run. */
  source: 'tool-cache' | 'cache' | 'download'
  /** The compile cache folder (`MODULAR_CACHE_DIR`) when it was restored from the Actions cache. */
  restoredCompileCache?: string
}

export type PackageFormat = 'mojoc' | 'mojopkg'

/** Every kind of file the action writes into output-dir (manifest.json's `kind`); `script`: install_verify.sh. */
export const ARTIFACT_KINDS = ['package', 'source', 'wheel', 'conda', 'bundle', 'archive', 'script'] as const
export type ArtifactKind = (typeof ARTIFACT_KINDS)[number]

/** The outcome of verifying one artifact in a clean environment. */
export interface Verification {
  ok: boolean
  /** Why it failed (names the package, symbol, import or command); absent when ok. */
  reason?: string
  /** The compiler's or command's output, kept for the log and summary. */
  output?: string
}

/** One file in the output directory, as manifest.json records it. */
export interface Artifact {
  kind: ArtifactKind
  /** Package, bundle or archive name (a package's import name; a wheel's distribution name). */
  name: string
  version: string
  /** File name inside the output directory. */
  file: string
  sha256: string
  size: number
  /** Packages only: the name code imports (`from <import> import ...`). */
  import?: string
  /** Packages, their sources, wheels and conda packages: the distribution name the project declares. */
  distribution?: string
  /** Packages and bundles: exact compiler version that built it. */
  mojo?: string
  /**
   * Packages, sources, wheels and conda packages: import names of the workspace packages it imports
   * directly (their own dependencies install with them, as pip and conda resolve them).
   */
  dependencies?: string[]
  /** Packages: the workspace-relative mojo.toml it was built from (`shared/data/mojo.toml`), for messages. */
  mojoToml?: string
  /** Bundles: import names of the packages inside. Archives: entries (paths inside the archive). */
  contents?: string[]
  /**
   * Paths of the license files it carries, as they lie once installed or extracted: in site-packages
   * (wheel), the package (conda `info/`), the library folder (source) or the extraction folder.
   */
  licenses?: string[]
  verification?: Verification
}

/** A package that did not compile. */
interface FailedPackage {
  state: 'failed'
  /** Every error, `file:line:col: message`, located ones first. */
  errors: string[]
  /** How the compiler ended: "exit code 1", "killed by SIGSEGV (...)". */
  exit: string
  logGroup: string
}

/** What became of one package of a build that failed. */
export type PackageResult = { name: string; relDir: string } & (
  { state: 'built' } | FailedPackage | { state: 'not built'; reason: string }
)

/** A version's section: its heading line and the text under it. */
export interface ChangelogSection {
  /** Workspace-relative changelog file. */
  file: string
  heading: string
  body: string
}
