/** What the project stage hands to the build, archive and verify stages. */

/** One Mojo package of the workspace, resolved from its folder, `mojo.toml`, `pixi.toml` and inputs. */
export interface PackageSpec {
  /** Absolute folder holding `__init__.mojo`. */
  dir: string
  /** `dir` relative to the workspace, POSIX separators (`shared/data`). */
  relDir: string
  /** Workspace-relative `mojo.toml`, or undefined when the folder has none. */
  mojoToml?: string
  /** Distribution name, as mojo.toml or pixi.toml writes it (`odyssey-utils`). */
  name: string
  /** The name code imports: the folder's name (`odyssey_utils`), or the declared name as an identifier for `src/`. */
  import: string
  /** SemVer, normalised. */
  version: string
  description?: string
  license?: string
  /** Absolute path of the license file in its own folder (or the one its `license-file` names); else it ships the workspace's. */
  licenseFile?: string
  authors?: string[]
  /** `[dependencies]` as written: workspace package (distribution or import name) -> SemVer range. */
  requires: Record<string, string>
  /** Import names of the workspace packages it depends on directly (resolved from `requires`). */
  dependencies: string[]
  /** Symbols the verify stage imports (`[verify] imports`). */
  verifyImports: string[]
}

export interface Project {
  /** `pixi.toml` workspace name, else its `[package]` name, else the workspace folder's name. */
  name: string
  /** The `version` input, else the `pixi.toml` workspace version. */
  version?: string
  license?: string
  /** Absolute path of the workspace root's license file (or the one its `license-file` names). */
  licenseFile?: string
  /** The workspace manifest (`pixi.toml`, `mojoproject.toml` or a workspace `mojo.toml`), for messages. */
  manifest?: string
  /** Import-style name -> where the workspace declares a dependency of that name (`pixi.toml [dependencies] small_time`). */
  declaredDependencies: Record<string, string>
  /** Sorted by folder. Empty when the workspace has no packages (the action is then a setup step). */
  packages: PackageSpec[]
}
