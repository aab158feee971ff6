/**
 * The release checks that need no compiler, run before the download: the version bump against the
 * earlier release tag (its git half), the changelog section of a tag build, and built files tracked
 * by git. Each gives findings for the release checklist; none throws but for a wrong input.
 */
import type { Inputs } from '../inputs/inputs.js'
import type { Finding } from './items.js'
import type { ChangelogSection } from '../types.js'
import { checkChangelog } from './changelog.js'
import { committedBuildFindings, trackedBuiltFiles } from './committed-builds.js'
import { checkoutOf } from '../project/git.js'
import { tagVersion } from '../inputs/ref.js'
import type { Project } from '../project/package-spec.js'
import { compareVersions } from './version-bump.js'
import { checkVersionHistory, type VersionHistory } from './version-history.js'

export interface ReleaseChecks {
  findings: Finding[]
  /** For the API comparison once the compiler is installed (api-bumps.ts). */
  history: VersionHistory
  /** The changelog's section for the tag's version, for the job summary and INSTALL.md. */
  changelog?: ChangelogSection
}

type CheckedInputs = Pick<Inputs, 'workspace' | 'outputDir' | 'checkVersionBump' | 'changelog' | 'version'>

/** `version` is the release being built (archives and bundle); `ref` the build's GITHUB_REF. */
export async function checkRelease(
  inputs: CheckedInputs,
  project: Project,
  version: string,
  ref: string | undefined
): Promise<ReleaseChecks> {
  const tag = tagVersion(ref)
  const checkout = await checkoutOf(inputs.workspace)
  // The earlier release is below the tag's version, or below the newest version built here.
  const current = tag ?? [version, ...project.packages.map((p) => p.version)].sort(compareVersions).at(-1)!
  const history = await checkVersionHistory({
    workspace: inputs.workspace,
    packages: project.packages,
    version: current,
    mode: inputs.checkVersionBump,
    versionInput: inputs.version,
    checkout
  })
  const changelog = await checkChangelog(inputs.workspace, inputs.changelog, tag)
  const tracked =
    checkout.state === 'git' ? await trackedBuiltFiles(inputs.workspace, inputs.outputDir) : undefined
  const committed: Finding[] =
    tracked === undefined
      ? [
          {
            item: 'No artifacts committed to git',
            state: 'skip',
            detail: checkout.state === 'none' ? checkout.reason : 'git could not list the tracked files'
          }
        ]
      : committedBuildFindings(tracked, inputs.outputDir, tag !== undefined)
  return {
    findings: [...history.findings, changelog.finding, ...committed],
    history,
    changelog: changelog.section
  }
}
