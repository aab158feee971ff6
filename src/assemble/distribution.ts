/**
 * What an installable distribution of one Mojo package carries, whatever its format (wheel, conda):
 * the precompiled file, its names, the exact compiler it loads in, and its workspace dependencies.
 * A bundle is a distribution with no file of its own that requires every package.
 */
import type { PackageFormat } from '../types.js'

export interface Distribution {
  /** Distribution name as the project declares it (mojo.toml `[project] name`, pixi `[package] name`). */
  name: string
  /** The package version as the project writes it (SemVer or PEP 440). */
  version: string
  /** The precompiled package, absent for a bundle. */
  package?: {
    /** The name code imports it by: the file is installed as `<import>.<format>`. */
    import: string
    /** Absolute path of the precompiled file. */
    file: string
    format: PackageFormat
  }
  summary?: string
  /** SPDX license expression. */
  license?: string
  /** Absolute path of the license text it ships (the package's own, else the workspace's). */
  licenseFile?: string
  /** The long description: the package's README, when it has one. */
  readme?: { text: string; contentType: 'text/markdown' | 'text/plain' }
  /** The exact compiler version the package was built with (and only loads in). */
  mojo: string
  /** Workspace distributions it needs, each at its exact version. */
  requires: Array<{ name: string; version: string }>
  /** Seconds since the epoch for every timestamp written (SOURCE_DATE_EPOCH, or the last commit). */
  epoch: number
}
