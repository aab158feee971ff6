/**
 * The public API as the real `mojo doc` shows it: 1.2.0, and the oldest compiler on PyPI (0.25.6.0),
 * whose JSON has the same shape.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import path from 'node:path'
import { diffApi, DocError, readPublicApi } from '../../src/compile/public-api.js'
import { removeTempDirs, tempDir, writeFiles } from '../support/temp.js'
import { testToolchain } from '../support/toolchain.js'

afterAll(removeTempDirs)

const options = { importPaths: [], timeoutMs: 600_000 }

/** A package `geo` with a re-exported struct and function, a private module, a subpackage and an alias. */
const geo = {
  'geo/__init__.mojo': [
    '"""Geometry. `from .nowhere import ghost` in a docstring is not an import."""',
    'from .shapes import (',
    '    Point,',
    '    norm as length,  # renamed',
    ')',
    'from ._impl import scale',
    'from .sub import helper',
    '',
    'comptime ORIGIN: Int = 0',
    ''
  ].join('\n'),
  'geo/shapes.mojo': [
    'comptime Scalar = Float64',
    '',
    '@fieldwise_init',
    'struct Point(Copyable, Movable):',
    '    var x: Float64',
    '    def dist(self) -> Float64:',
    '        return self.x',
    '',
    'def norm(p: Point) raises -> Float64:',
    '    return p.x',
    '',
    'def _internal() -> Int:',
    '    return 1',
    ''
  ].join('\n'),
  'geo/_impl.mojo': 'def scale(x: Float64, by: Float64) -> Float64:\n    return x * by\n',
  'geo/sub/__init__.mojo': 'from .impl import helper\n',
  'geo/sub/impl.mojo': 'def helper() -> Int:\n    return 3\n'
}

describe('readPublicApi with Mojo 1.2.0', () => {
  it('lists re-exported names under their exported names, with members and signatures', async () => {
    const toolchain = await testToolchain('1.2.0')
    const dir = writeFiles(tempDir('api'), geo)
    const api = await readPublicApi(toolchain, path.join(dir, 'geo'), options)
    expect(Object.fromEntries([...api].map(([name, sigs]) => [name, [...sigs]]))).toEqual({
      ORIGIN: ['comptime'],
      Point: ['struct(AnyType, Copyable, Deinitable, Movable)'],
      'Point.dist': ['def(self) -> Float64'],
      'Point.x': ['var: Float64'],
      length: ['def(p: Point) -> Float64 raises'],
      scale: ['def(x: Float64, by: Float64) -> Float64'],
      helper: ['def() -> Int'],
      'sub.helper': ['def() -> Int'],
      'shapes.Scalar': ['comptime']
    })
  })

  it('sees a re-exported name moved to another module as unchanged, and a changed signature as removed plus added', async () => {
    const toolchain = await testToolchain('1.2.0')
    const before = await readPublicApi(toolchain, path.join(writeFiles(tempDir('api'), geo), 'geo'), options)
    const moved = writeFiles(tempDir('api'), {
      ...geo,
      'geo/_impl.mojo': '',
      'geo/sub/impl.mojo': [
        'def helper() -> Int:',
        '    return 3',
        'def scale(x: Float64, by: Float64) -> Float64:',
        '    return x * by',
        'def helper2(x: Int) -> Int:',
        '    return x',
        ''
      ].join('\n'),
      'geo/__init__.mojo': geo['geo/__init__.mojo'].replace(
        'from ._impl import scale',
        'from .sub.impl import scale'
      )
    })
    const after = await readPublicApi(toolchain, path.join(moved, 'geo'), options)
    expect(diffApi(before, after)).toEqual({ removed: [], added: ['sub.impl.helper2'] })

    const changed = writeFiles(tempDir('api'), {
      ...geo,
      'geo/_impl.mojo': 'def scale(x: Float64) -> Float64:\n    return x\n'
    })
    expect(diffApi(before, await readPublicApi(toolchain, path.join(changed, 'geo'), options))).toEqual({
      removed: ['scale'],
      added: ['scale']
    })
  })

  it('says why when the sources do not compile with this compiler', async () => {
    const toolchain = await testToolchain('1.2.0')
    const dir = writeFiles(tempDir('api'), { 'old/__init__.mojo': 'fn f(x: Int) -> Int:\n    return x\n' })
    const error = await readPublicApi(toolchain, path.join(dir, 'old'), options).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DocError)
    expect((error as Error).message).toBe("old/__init__.mojo:1:1: 'fn' has been removed; use 'def' instead")
  })
})

describe('readPublicApi with Mojo 0.25.6.0', () => {
  it('reads the same names from the older JSON', async () => {
    const toolchain = await testToolchain('0.25.6.0')
    const dir = writeFiles(tempDir('api'), {
      'geo/__init__.mojo': 'from .shapes import Point, norm\n',
      'geo/shapes.mojo': [
        '@fieldwise_init',
        'struct Point(Copyable, Movable):',
        '    var x: Float64',
        '',
        'fn norm(p: Point) raises -> Float64:',
        '    return p.x',
        ''
      ].join('\n')
    })
    const api = await readPublicApi(toolchain, path.join(dir, 'geo'), options)
    // 0.25 lists the aliases the compiler gives a struct; @fieldwise_init's __init__ is not documented.
    expect([...api.keys()].sort()).toEqual([
      'Point',
      'Point.__copyinit__is_trivial',
      'Point.__del__is_trivial',
      'Point.__moveinit__is_trivial',
      'Point.x',
      'norm'
    ])
    expect([...api.get('norm')!]).toEqual(['def(p: Point) -> Float64 raises'])
  })
})
