/** Pure check that a release tag and the versions being built agree. */
import { InputError } from '../errors.js'
import { tagVersion } from '../inputs/ref.js'
import { sameVersion } from '../package-version.js'
import type { PackageSpec } from './package-spec.js'

/**
 * On a version tag, every package must carry the tag's version: a release `v0.2.0` that ships
 * `data-0.1.0.mojoc` is a forgotten bump. Other refs pass. Returns the tag's version, if any.
 */
export function checkTag(
  packages: Pick<PackageSpec, 'name' | 'version' | 'mojoToml' | 'relDir'>[],
  ref?: string
) {
  const version = tagVersion(ref)
  if (version === undefined) return undefined
  const tag = ref!.slice('refs/tags/'.length)
  const wrong = packages.filter((p) => !sameVersion(p.version, version))
  if (wrong.length > 0) {
    const list = wrong.map((p) => `${p.name} is ${p.version} (${p.mojoToml ?? p.relDir})`).join(', ')
    throw new InputError(
      'check-tag',
      `the tag ${tag} says version ${version}, but ${list}. ` +
        `Bump the package versions to ${version}, set the 'version' input, or set check-tag: false.`
    )
  }
  return version
}
