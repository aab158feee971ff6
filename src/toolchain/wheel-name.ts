/** Wheel file names (PEP 427) and the requirements in a wheel's METADATA. */
import { normaliseProject, parseRequirement, type Requirement } from '../requirement.js'

interface WheelName {
  /** Distribution as spelled in the file name (`mojo_compiler`). */
  dist: string
  version: string
}

/** `mojo_compiler-1.2.0-py3-none-manylinux_2_34_x86_64.whl` -> dist and version; undefined for other files. */
export function parseWheelName(filename: string): WheelName | undefined {
  const m = /^([^-]+)-([^-]+)(?:-\d[^-]*)?-[^-]+-[^-]+-[^-]+\.whl$/.exec(filename)
  return m ? { dist: m[1], version: m[2] } : undefined
}

export function isWheelOf(filename: string, project: string): boolean {
  const name = parseWheelName(filename)
  return name !== undefined && normaliseProject(name.dist) === normaliseProject(project)
}

/**
 * `Requires-Dist:` lines of a METADATA file. Requirements of optional extras are left out; other
 * environment markers are not evaluated (the compiler's parts are the same on every platform).
 */
export function parseRequiresDist(metadata: string): Requirement[] {
  const headers = metadata.split(/\r?\n\r?\n/)[0]
  const requirements: Requirement[] = []
  for (const m of headers.matchAll(/^Requires-Dist:\s*(.+)$/gim)) {
    const requirement = parseRequirement(m[1])
    if (requirement && !/\bextra\b/.test(requirement.marker)) requirements.push(requirement)
  }
  return requirements
}

/**
 * The requirements that are parts of the native toolchain: the compiler's sibling distributions
 * (`mojo-compiler-mojo-libs`). Anything else a compiler wheel might require belongs to its Python wrapper.
 */
export function toolchainParts(requirements: Requirement[]): Requirement[] {
  return requirements.filter((r) => r.name.startsWith('mojo-compiler-'))
}
