import { describe, expect, it } from '@jest/globals'
import type { Annotation } from '../../src/compile/diagnostics.js'
import { parseDiagnostics } from '../../src/compile/diagnostics.js'
import { annotationCountLine, packageResults, type CompileOutcome } from '../../src/compile/compile-report.js'
import type { PackageSpec } from '../../src/project/package-spec.js'

describe('annotationCountLine', () => {
  const errors = (n: number): Annotation[] =>
    Array.from({ length: n }, () => ({ level: 'error', message: 'e', properties: { title: 't' } }))
  const group = 'mojo precompile shared/data'

  it('counts every error, says how many were annotated and where they all are', () => {
    expect(annotationCountLine('data', errors(1148), errors(3), group)).toBe(
      "data: 1,148 errors (3 annotated); every diagnostic is in the log group 'mojo precompile shared/data'"
    )
  })

  it('says nothing about a compile without errors or warnings', () => {
    expect(annotationCountLine('data', [], [], group)).toBeUndefined()
  })
})

describe('packageResults', () => {
  const spec = (name: string, dependencies: string[] = []): PackageSpec => ({
    dir: `/ws/${name}`,
    relDir: `shared/${name}`,
    name,
    import: name,
    version: '0.1.0',
    requires: {},
    dependencies,
    verifyImports: []
  })
  const [utils, data, training, app] = [
    spec('utils'),
    spec('data'),
    spec('training', ['data']),
    spec('app', ['utils'])
  ]
  const plan = [
    [utils, data],
    [training, app]
  ]
  const ran = (s: PackageSpec, stderr = ''): CompileOutcome => ({
    spec: s,
    ok: stderr === '',
    exit: stderr === '' ? 'exit code 0' : 'exit code 1',
    root: '/tmp/compile/data/src',
    diagnostics: parseDiagnostics(stderr)
  })
  const results = packageResults(
    plan,
    [
      ran(utils),
      ran(data, "/tmp/compile/data/src/shared/data/d.mojo:3:5: error: use of unknown declaration 'x'")
    ],
    'precompile'
  )

  it('gives a failed package its errors, relative to the folder it compiled in, and its log group', () => {
    expect(results.find((r) => r.name === 'data')).toEqual({
      name: 'data',
      relDir: 'shared/data',
      state: 'failed',
      errors: ["shared/data/d.mojo:3:5: use of unknown declaration 'x'"],
      exit: 'exit code 1',
      logGroup: 'mojo precompile shared/data'
    })
  })

  it('marks a package whose dependency failed as not built, naming it', () => {
    expect(results.find((r) => r.name === 'training')).toMatchObject({
      state: 'not built',
      reason: 'depends on data, which failed'
    })
  })

  it('marks a package after the failed layer as not built because the build stopped', () => {
    expect(results.find((r) => r.name === 'app')).toMatchObject({
      state: 'not built',
      reason: 'the build stopped when data failed'
    })
  })

  it('lists every planned package in plan order', () => {
    expect(results.map((r) => [r.name, r.state])).toEqual([
      ['utils', 'built'],
      ['data', 'failed'],
      ['training', 'not built'],
      ['app', 'not built']
    ])
  })
})
