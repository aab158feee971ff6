/** Choosing files on the index: the compiler version to install, and the wheel of each part for this runner. */
import * as pep440 from '@renovatebot/pep440'
import { ToolchainError } from '../errors.js'
import { describeHost, SUPPORTED_PLATFORMS, type Host, wheelScore } from '../host.js'
import type { IndexFile } from './simple-index.js'
import type { VersionRequest } from '../project/version-request.js'
import { resolveVersion } from './version.js'
import { isWheelOf, parseWheelName } from './wheel-name.js'

export const COMPILER = 'mojo-compiler'

interface Candidate {
  file: IndexFile
  version: string
  score: number
}

/** The project's wheels that run on this host, best fit first; yanked ones are listed apart. */
function candidates(
  files: IndexFile[],
  project: string,
  host: Host
): { usable: Candidate[]; yanked: string[] } {
  const usable: Candidate[] = []
  const yanked: string[] = []
  for (const file of files) {
    if (!isWheelOf(file.filename, project)) continue
    const version = parseWheelName(file.filename)!.version
    const score = wheelScore(file.filename, host)
    if (score === undefined || !pep440.valid(version)) continue
    if (file.yanked !== undefined) yanked.push(version)
    else usable.push({ file, version, score })
  }
  usable.sort((a, b) => b.score - a.score)
  return { usable, yanked }
}

function noWheelForHost(project: string, files: IndexFile[], host: Host): ToolchainError {
  const tags = [
    ...new Set(
      files.filter((f) => isWheelOf(f.filename, project)).map((f) => /-([^-]+)\.whl$/.exec(f.filename)![1])
    )
  ]
  return new ToolchainError(
    `the index has no ${project} wheel for this runner, ${describeHost(host)}` +
      (tags.length ? ` (it has: ${tags.join(', ')})` : '') +
      `. Mojo supports ${SUPPORTED_PLATFORMS}.`
  )
}

/** Resolves the request against the compiler wheels that fit this runner; returns the chosen wheel. */
export function chooseCompiler(
  files: IndexFile[],
  request: VersionRequest,
  host: Host
): { version: string; file: IndexFile } {
  const { usable, yanked } = candidates(files, COMPILER, host)
  if (usable.length === 0 && yanked.length === 0 && files.some((f) => isWheelOf(f.filename, COMPILER))) {
    throw noWheelForHost(COMPILER, files, host)
  }
  const version = resolveVersion(
    request,
    usable.map((c) => c.version),
    yanked
  )
  return { version, file: usable.find((c) => c.version === version)!.file }
}

/** The best wheel of a toolchain part (e.g. `mojo-compiler-mojo-libs==1.2.0`) for this runner. */
export function choosePart(files: IndexFile[], project: string, specifier: string, host: Host): IndexFile {
  const { usable } = candidates(files, project, host)
  const matching = usable.filter(
    (c) => specifier === '' || pep440.satisfies(c.version, specifier, { prereleases: true })
  )
  if (matching.length === 0) {
    if (usable.length === 0) throw noWheelForHost(project, files, host)
    throw new ToolchainError(
      `the compiler requires ${project}${specifier}, but the index has no such wheel (it has ${[
        ...new Set(usable.map((c) => c.version))
      ].join(', ')}); use an index that mirrors both projects.`
    )
  }
  // Newest matching version, then best platform fit.
  matching.sort((a, b) => pep440.rcompare(a.version, b.version) || b.score - a.score)
  return matching[0].file
}
