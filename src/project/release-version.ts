/** The one version a run's release carries. */
import { InputError } from '../errors.js'
import type { Project } from './package-spec.js'

/** The one version archives, the bundle and the default artifact name carry. */
export function releaseVersion(project: Project): string {
  if (project.version) return project.version
  const versions = [...new Set(project.packages.map((p) => p.version))]
  if (versions.length === 1) return versions[0]
  throw new InputError(
    'version',
    versions.length === 0
      ? 'archives need a version and the workspace has none: set `version`, or a version in pixi.toml.'
      : `the packages have different versions (${versions.join(', ')}) and pixi.toml has none: set \`version\` for the release.`
  )
}
