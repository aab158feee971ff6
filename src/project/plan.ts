/** Pure dependency planning between the workspace's packages. */
import { ProjectFileError } from '../errors.js'
import { satisfiesRange } from '../package-version.js'
import type { PackageSpec } from './package-spec.js'

type Draft = Pick<PackageSpec, 'name' | 'import' | 'version' | 'relDir' | 'mojoToml' | 'requires'>

const where = (pkg: Draft): string => pkg.mojoToml ?? pkg.relDir

/** The package a dependency or an input names: by its distribution name or its import name. */
export function packageNamed<P extends Pick<PackageSpec, 'name' | 'import'>>(
  packages: P[],
  key: string
): P | undefined {
  return packages.find((p) => p.import === key) ?? packages.find((p) => p.name === key)
}

/**
 * Resolves each package's `[dependencies]` to the import names of workspace packages, checking
 * that each names a package being built and that its version satisfies the range. `checkRanges` is
 * off when the `version` input stamps one release version on every package: the ranges were written
 * against the versions in mojo.toml, and the packages are released together.
 * Returns the import names per package import name.
 */
export function resolveDependencies(packages: Draft[], checkRanges = true): Map<string, string[]> {
  const resolved = new Map<string, string[]>()
  for (const pkg of packages) {
    const deps: string[] = []
    for (const [dep, range] of Object.entries(pkg.requires)) {
      const target = packageNamed(packages, dep)
      if (!target) {
        const known = packages.map((p) => p.name).join(', ') || 'none'
        throw new ProjectFileError(
          where(pkg),
          `[dependencies] names '${dep}', which is not a package being built (packages: ${known}). ` +
            `mojo.toml dependencies are packages of this workspace: add its folder to the 'packages' input, or remove the dependency.`
        )
      }
      if (target === pkg)
        throw new ProjectFileError(where(pkg), `[dependencies] names the package itself ('${dep}').`)
      if (checkRanges && !satisfiesRange(target.version, range)) {
        throw new ProjectFileError(
          where(pkg),
          `${pkg.name} needs ${dep} ${range}, but the workspace's ${target.name} (${target.relDir}) is ${target.version}: ` +
            `widen the range or change that package's version.`
        )
      }
      if (!deps.includes(target.import)) deps.push(target.import)
    }
    resolved.set(pkg.import, deps.sort())
  }
  return resolved
}

/**
 * The members of a cycle reached from `start`. Every package still `left` has a dependency still left
 * (else it would be ready), so following them must come back round.
 */
function findCycle(start: PackageSpec, byImport: Map<string, PackageSpec>, left: Set<string>): PackageSpec[] {
  const trail: PackageSpec[] = []
  let current = start
  while (!trail.includes(current)) {
    trail.push(current)
    current = byImport.get(current.dependencies.find((d) => left.has(d))!)!
  }
  return trail.slice(trail.indexOf(current))
}

/**
 * Orders packages into layers: every package's dependencies are in earlier layers, and the packages
 * of one layer are independent of each other (they can build in parallel). Layers sort by import name.
 */
export function planBuild(packages: PackageSpec[]): PackageSpec[][] {
  const byImport = new Map(packages.map((p) => [p.import, p]))
  for (const pkg of packages) {
    const missing = pkg.dependencies.find((d) => !byImport.has(d))
    if (missing !== undefined) {
      throw new ProjectFileError(
        where(pkg),
        `depends on '${missing}', which is not among the packages to build.`
      )
    }
  }
  const left = new Set(byImport.keys())
  const layers: PackageSpec[][] = []
  while (left.size > 0) {
    const ready = [...left]
      .map((name) => byImport.get(name)!)
      .filter((p) => p.dependencies.every((d) => !left.has(d)))
      .sort((a, b) => a.import.localeCompare(b.import))
    if (ready.length === 0) {
      const first = byImport.get([...left].sort()[0])!
      const cycle = findCycle(first, byImport, left)
      const names = [...cycle, cycle[0]].map((p) => p.name).join(' -> ')
      throw new ProjectFileError(
        cycle.map(where).join(', '),
        `dependency cycle ${names}: packages cannot depend on each other in a circle; remove one of these dependencies.`
      )
    }
    for (const pkg of ready) left.delete(pkg.import)
    layers.push(ready)
  }
  return layers
}

/**
 * Every workspace package `pkg` needs installed beside it (its dependencies and theirs), dependencies
 * first. `packages` must be acyclic (as `planBuild` checked).
 */
export function transitiveDependencies(pkg: PackageSpec, packages: PackageSpec[]): string[] {
  const byImport = new Map(packages.map((p) => [p.import, p]))
  const order: string[] = []
  const visit = (p: PackageSpec): void => {
    for (const dep of p.dependencies) {
      if (order.includes(dep)) continue
      visit(byImport.get(dep)!)
      order.push(dep)
    }
  }
  visit(pkg)
  return order
}
