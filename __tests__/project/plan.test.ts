import { describe, expect, it } from '@jest/globals'
import { ProjectFileError } from '../../src/errors.js'
import { planBuild, resolveDependencies, transitiveDependencies } from '../../src/project/plan.js'
import type { PackageSpec } from '../../src/project/package-spec.js'

function pkg(name: string, requires: Record<string, string> = {}, version = '0.1.0'): PackageSpec {
  const imp = name.replace(/-/g, '_')
  return {
    dir: `/ws/${name}`,
    relDir: name,
    mojoToml: `${name}/mojo.toml`,
    name,
    import: imp,
    version,
    requires,
    dependencies: Object.keys(requires).map((d) => d.replace(/-/g, '_')),
    verifyImports: []
  }
}

describe('resolveDependencies', () => {
  it('resolves manifest and import names to import names', () => {
    const resolved = resolveDependencies([
      pkg('odyssey-utils'),
      pkg('data'),
      pkg('training', { 'odyssey-utils': '^0.1.0', data: '>=0.1' })
    ])
    expect(resolved.get('training')).toEqual(['data', 'odyssey_utils'])
  })

  it('accepts a dependency named by its import name', () => {
    const resolved = resolveDependencies([pkg('odyssey-utils'), pkg('training', { odyssey_utils: '0.1.x' })])
    expect(resolved.get('training')).toEqual(['odyssey_utils'])
  })

  it('rejects a workspace dependency whose version is outside the range, naming both versions', () => {
    const resolve = () =>
      resolveDependencies([pkg('odyssey-utils', {}, '0.1.0'), pkg('training', { 'odyssey-utils': '^0.2.0' })])
    expect(resolve).toThrow(ProjectFileError)
    expect(resolve).toThrow(
      "training/mojo.toml: training needs odyssey-utils ^0.2.0, but the workspace's odyssey-utils (odyssey-utils) is 0.1.0"
    )
  })

  it('rejects a dependency that is not a workspace package, naming it', () => {
    expect(() => resolveDependencies([pkg('data'), pkg('training', { numpy: '^1.0.0' })])).toThrow(
      /training\/mojo\.toml: \[dependencies\] names 'numpy', which is not a package being built \(packages: data, training\)/
    )
  })
})

describe('planBuild', () => {
  it('builds dependencies first and groups independent packages into one layer', () => {
    const layers = planBuild([
      pkg('training', { 'odyssey-utils': '^0.1.0' }),
      pkg('odyssey-utils'),
      pkg('data')
    ])
    expect(layers.map((layer) => layer.map((p) => p.import))).toEqual([
      ['data', 'odyssey_utils'],
      ['training']
    ])
  })

  it('puts a chain into one layer per step', () => {
    const layers = planBuild([pkg('c', { b: '*' }), pkg('b', { a: '*' }), pkg('a')])
    expect(layers.map((layer) => layer.map((p) => p.import))).toEqual([['a'], ['b'], ['c']])
  })

  it('names the members of a dependency cycle', () => {
    const plan = () => planBuild([pkg('a', { b: '*' }), pkg('b', { a: '*' }), pkg('c', { a: '*' })])
    expect(plan).toThrow(ProjectFileError)
    expect(plan).toThrow('a/mojo.toml, b/mojo.toml: dependency cycle a -> b -> a:')
  })

  it('rejects a dependency on a package outside the plan', () => {
    expect(() => planBuild([pkg('training', { data: '*' })])).toThrow(
      "training/mojo.toml: depends on 'data', which is not among the packages to build."
    )
  })
})

describe('transitiveDependencies', () => {
  it('lists dependencies of dependencies, dependencies first, once each', () => {
    const all = [pkg('a'), pkg('b', { a: '*' }), pkg('c', { a: '*' }), pkg('d', { b: '*', c: '*' })]
    expect(transitiveDependencies(all[3], all)).toEqual(['a', 'b', 'c'])
  })
})

describe('resolveDependencies with one release version for all', () => {
  it('does not check ranges when the version input stamps every package', () => {
    const resolved = resolveDependencies(
      [pkg('odyssey-utils', {}, '0.3.0'), pkg('training', { 'odyssey-utils': '^0.1.0' }, '0.3.0')],
      false
    )
    expect(resolved.get('training')).toEqual(['odyssey_utils'])
  })
})
