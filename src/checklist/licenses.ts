/**
 * The release checklist's "License included in package": every package should declare its license (the
 * SPDX expression wheels and conda packages name) and ship its text (its own license file, else the
 * workspace's). Pure.
 */
import path from 'node:path'
import { licenseFileOf, type Licensing } from '../project/license-file.js'
import type { PackageSpec } from '../project/package-spec.js'
import type { Finding } from './items.js'

const ITEM = 'License included in package'

/** Where a package's license expression goes: its mojo.toml, else the workspace file that declares it. */
const manifestOf = (spec: PackageSpec, licensing: Licensing): string =>
  spec.mojoToml ?? licensing.manifest ?? `${spec.relDir || '.'}/mojo.toml`

const list = (names: string[]): string => [...new Set(names)].join(', ')

const ADD_EXPRESSION = 'license = "<SPDX expression, e.g. MIT>"'

export function licenseFindings(specs: PackageSpec[], licensing: Licensing): Finding[] {
  if (specs.length === 0) return [{ item: ITEM, state: 'skip', detail: 'No packages in this release.' }]
  const unfiled = specs.filter((s) => licenseFileOf(s, licensing) === undefined)
  const undeclared = specs.filter((s) => s.license === undefined)
  const manifests = (of: PackageSpec[]) => [...new Set(of.map((s) => manifestOf(s, licensing)))]
  if (unfiled.length === specs.length && undeclared.length === specs.length) {
    const files = manifests(specs)
    return [
      {
        item: ITEM,
        state: 'warn',
        detail:
          `No license anywhere: no package declares one and the workspace has no LICENSE file, so every ` +
          `artifact ships without one. Add ${ADD_EXPRESSION} to ${files.join(', ')} and the license text as ` +
          'LICENSE in the workspace root.',
        file: files[0]
      }
    ]
  }
  const findings: Finding[] = []
  if (unfiled.length > 0) {
    findings.push({
      item: ITEM,
      state: 'warn',
      detail:
        `${list(unfiled.map((s) => s.name))} ship${unfiled.length === 1 ? 's' : ''} no license text: add it ` +
        'as LICENSE in the workspace root (or in the package folder).',
      file: manifests(unfiled)[0]
    })
  }
  if (undeclared.length > 0) {
    const files = manifests(undeclared)
    findings.push({
      item: ITEM,
      state: 'warn',
      detail:
        `${list(undeclared.map((s) => s.name))} ship${undeclared.length === 1 ? 's' : ''} a license file but ` +
        `declare${undeclared.length === 1 ? 's' : ''} no license, so wheels and conda packages do not name it: ` +
        `add ${ADD_EXPRESSION} to ${files.join(', ')}.`,
      file: files[0]
    })
  }
  if (findings.length > 0) return findings
  const shipped = list(specs.map((s) => path.basename(licenseFileOf(s, licensing)!)))
  const declared = list(specs.map((s) => s.license!))
  return [
    {
      item: ITEM,
      state: 'pass',
      detail: `Every package declares its license (${declared}) and every artifact carries its text (${shipped}).`
    }
  ]
}
