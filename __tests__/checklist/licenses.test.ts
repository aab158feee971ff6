import { describe, expect, it } from '@jest/globals'
import { licenseFindings } from '../../src/checklist/licenses.js'
import type { Licensing } from '../../src/project/license-file.js'
import type { PackageSpec } from '../../src/project/package-spec.js'

const spec = (name: string, more: Partial<PackageSpec> = {}): PackageSpec => ({
  dir: `/ws/shared/${name}`,
  relDir: `shared/${name}`,
  mojoToml: `shared/${name}/mojo.toml`,
  name,
  import: name,
  version: '0.1.0',
  requires: {},
  dependencies: [],
  verifyImports: [],
  ...more
})

const workspace: Licensing = { license: 'MIT', licenseFile: '/ws/LICENSE', manifest: 'pixi.toml' }
const bare: Licensing = { manifest: 'pixi.toml' }

describe('licenseFindings', () => {
  it("passes when every package declares a license and ships a file (its own or the workspace's)", () => {
    const specs = [
      spec('data', { license: 'MIT' }),
      spec('fastio', { license: 'Apache-2.0', licenseFile: '/ws/shared/fastio/LICENSE.txt' })
    ]
    expect(licenseFindings(specs, workspace)).toEqual([
      {
        item: 'License included in package',
        state: 'pass',
        detail:
          'Every package declares its license (MIT, Apache-2.0) and every artifact carries its text (LICENSE, LICENSE.txt).'
      }
    ])
  })

  it('warns once when there is no license anywhere, naming every manifest to fix', () => {
    const specs = [spec('data'), spec('training'), spec('util', { mojoToml: undefined, relDir: 'src/util' })]
    expect(licenseFindings(specs, bare)).toEqual([
      {
        item: 'License included in package',
        state: 'warn',
        detail:
          'No license anywhere: no package declares one and the workspace has no LICENSE file, so every artifact ' +
          'ships without one. Add license = "<SPDX expression, e.g. MIT>" to shared/data/mojo.toml, ' +
          'shared/training/mojo.toml, pixi.toml and the license text as LICENSE in the workspace root.',
        file: 'shared/data/mojo.toml'
      }
    ])
  })

  it('names a package that declares a license but has no license file, and the fix', () => {
    const findings = licenseFindings([spec('data', { license: 'MIT' })], bare)
    expect(findings).toEqual([
      {
        item: 'License included in package',
        state: 'warn',
        detail:
          'data ships no license text: add it as LICENSE in the workspace root (or in the package folder).',
        file: 'shared/data/mojo.toml'
      }
    ])
  })

  it('names the packages that ship a license file but declare no license, and their manifests', () => {
    const specs = [spec('data'), spec('training'), spec('util', { license: 'MIT' })]
    expect(licenseFindings(specs, { licenseFile: '/ws/LICENSE' })).toEqual([
      {
        item: 'License included in package',
        state: 'warn',
        detail:
          'data, training ship a license file but declare no license, so wheels and conda packages do not name ' +
          'it: add license = "<SPDX expression, e.g. MIT>" to shared/data/mojo.toml, shared/training/mojo.toml.',
        file: 'shared/data/mojo.toml'
      }
    ])
  })

  it('names a workspace-declared package by the workspace manifest, or the mojo.toml it needs', () => {
    const declared = spec('odyssey', { mojoToml: undefined, relDir: 'src/odyssey', license: 'MIT' })
    expect(licenseFindings([declared], bare)[0].file).toBe('pixi.toml')
    expect(licenseFindings([declared], {})[0].file).toBe('src/odyssey/mojo.toml')
  })

  it('skips a release without packages', () => {
    expect(licenseFindings([], workspace)).toEqual([
      { item: 'License included in package', state: 'skip', detail: 'No packages in this release.' }
    ])
  })
})
