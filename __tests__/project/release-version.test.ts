import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/errors.js'
import { loadInputs } from '../../src/inputs/inputs.js'
import { releaseVersion } from '../../src/project/release-version.js'
import { exportedSymbols } from '../../src/project/verify-imports.js'
import type { PackageSpec, Project } from '../../src/project/package-spec.js'

const pkg = (name: string, version: string, verifyImports: string[] = []): PackageSpec => ({
  dir: `/ws/${name}`,
  relDir: name,
  name,
  import: name.replace(/-/g, '_'),
  version,
  requires: {},
  dependencies: [],
  verifyImports
})
const project = (packages: PackageSpec[], version?: string): Project => ({
  name: 'ws',
  version,
  declaredDependencies: {},
  packages
})

describe('releaseVersion', () => {
  it('takes the workspace version', () => {
    expect(releaseVersion(project([pkg('data', '0.1.0')], '0.2.0'))).toBe('0.2.0')
  })

  it('takes the one version all packages share', () => {
    expect(releaseVersion(project([pkg('data', '0.1.0'), pkg('utils', '0.1.0')]))).toBe('0.1.0')
  })

  it('asks for the version input when packages differ and the workspace has none', () => {
    const release = (): string => releaseVersion(project([pkg('data', '0.1.0'), pkg('utils', '0.2.0')]))
    expect(release).toThrow(InputError)
    expect(release).toThrow(/'version'.*0\.1\.0, 0\.2\.0/)
  })
})

describe('exportedSymbols', () => {
  it('merges mojo.toml [verify] imports with verify-imports, by import name', () => {
    const inputs = loadInputs((name) => (name === 'verify-imports' ? 'odyssey-utils: lerp, clamp' : ''), {})
    const symbols = exportedSymbols(
      project([pkg('data', '0.1.0', ['Dataset']), pkg('odyssey-utils', '0.1.0', ['clamp'])]),
      inputs
    )
    expect(symbols).toEqual(
      new Map([
        ['data', ['Dataset']],
        ['odyssey_utils', ['clamp', 'lerp']]
      ])
    )
  })
})
