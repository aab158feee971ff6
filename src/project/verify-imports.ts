/** The symbols each package must export, checked by verification. */
import type { Inputs } from '../inputs/inputs.js'
import { packageNamed } from './plan.js'
import type { Project } from './package-spec.js'

/** Symbols each package must export: its mojo.toml `[verify] imports` plus the `verify-imports` input. */
export function exportedSymbols(project: Project, inputs: Inputs): Map<string, string[]> {
  const own = project.packages
    .filter((p) => p.verifyImports.length > 0)
    .map((p) => [p.import, p.verifyImports] as const)
  // checkInputs made sure every key names a package.
  const given = [...inputs.verifyImports].map(
    ([key, list]) => [packageNamed(project.packages, key)!.import, list] as const
  )
  return mergeSymbols([...own, ...given])
}

/** Symbol lists by import name merged, each symbol once. */
function mergeSymbols(lists: Iterable<readonly [string, string[]]>): Map<string, string[]> {
  const symbols = new Map<string, string[]>()
  for (const [name, list] of lists) symbols.set(name, [...new Set([...(symbols.get(name) ?? []), ...list])])
  return symbols
}
