import { describe, expect, it } from '@jest/globals'
import {
  buildApi,
  diffApi,
  parseReExports,
  privateTargets,
  type DocPackage
} from '../../src/compile/public-api.js'

describe('parseReExports', () => {
  it('reads relative imports, parenthesised lists, continuation lines and renames', () => {
    const source = [
      'from .shapes import (',
      '    Point,',
      '    norm as length,  # renamed',
      ')',
      'from .sub.impl import helper, \\',
      '    other',
      '    from .indented import notTopLevel',
      ''
    ].join('\n')
    expect(parseReExports(source, [], 'geo')).toEqual([
      { from: ['shapes'], foreign: false, name: 'Point', as: 'Point' },
      { from: ['shapes'], foreign: false, name: 'norm', as: 'length' },
      { from: ['sub', 'impl'], foreign: false, name: 'helper', as: 'helper' },
      { from: ['sub', 'impl'], foreign: false, name: 'other', as: 'other' }
    ])
  })

  it('resolves `..` from a subpackage and the package importing itself by name; others are foreign', () => {
    const source = 'from ..core import Point\nfrom geo.core import norm\nfrom std.collections import List\n'
    expect(parseReExports(source, ['sub'], 'geo')).toEqual([
      { from: ['core'], foreign: false, name: 'Point', as: 'Point' },
      { from: ['core'], foreign: false, name: 'norm', as: 'norm' },
      { from: ['std.collections'], foreign: true, name: 'List', as: 'List' }
    ])
  })

  it('ignores imports in docstrings and comments', () => {
    const source = '"""Use it:\n\nfrom .shapes import Point\n"""\n# from .shapes import norm\n'
    expect(parseReExports(source, [], 'geo')).toEqual([])
  })
})

describe('privateTargets', () => {
  it('lists the private modules and packages re-exported from, which mojo doc leaves out', () => {
    const inits = new Map([
      ['', 'from ._impl import scale\nfrom .shapes import Point\nfrom . import _tools\n'],
      ['sub', 'from ._core import helper\n']
    ])
    expect(privateTargets(inits, 'geo')).toEqual(['_impl', '_tools', 'sub/_core'])
  })
})

describe('buildApi', () => {
  /** A package as `mojo doc` prints it (1.2.0's field names), reduced to what the API reads. */
  const doc: DocPackage = {
    kind: 'package',
    name: 'geo',
    modules: [
      { kind: 'module', name: '__init__', aliases: [{ name: 'ORIGIN', signature: 'comptime ORIGIN' }] },
      {
        kind: 'module',
        name: 'shapes',
        functions: [
          {
            name: 'norm',
            overloads: [
              { signature: 'def norm(p: Point) -> Float64', raises: true },
              { signature: 'def norm(x: Float64) -> Float64', raises: false }
            ]
          },
          { name: 'area', overloads: [{ signature: 'def area(p: Point) -> Float64' }] }
        ],
        structs: [
          {
            name: 'Point',
            signature: 'struct Point',
            parentTraits: [{ name: 'Copyable' }],
            fields: [{ name: 'x', type: 'Float64' }],
            functions: [{ name: 'dist', overloads: [{ signature: 'def dist(self) -> Float64' }] }]
          }
        ]
      }
    ]
  }
  const api = buildApi({
    doc,
    root: 'geo',
    inits: new Map([['', 'from .shapes import Point, norm\n']]),
    privateDocs: new Map()
  })

  it("keys re-exported names by their package-level name and the rest by their module's", () => {
    expect([...api.keys()].sort()).toEqual([
      'ORIGIN',
      'Point',
      'Point.dist',
      'Point.x',
      'norm',
      'shapes.area'
    ])
  })

  it('gives each overload its own signature, `raises` included, without the name', () => {
    expect([...api.get('norm')!]).toEqual(['def(p: Point) -> Float64 raises', 'def(x: Float64) -> Float64'])
    expect([...api.get('Point')!]).toEqual(['struct(Copyable)'])
  })

  it('sees a removed overload as a removal, and a new field as an addition', () => {
    const after = structuredClone(doc)
    after.modules![1].functions![0].overloads!.pop()
    after.modules![1].structs![0].fields!.push({ name: 'y', type: 'Float64' })
    const changed = buildApi({
      doc: after,
      root: 'geo',
      inits: new Map([['', 'from .shapes import Point, norm\n']]),
      privateDocs: new Map()
    })
    expect(diffApi(api, changed)).toEqual({ removed: ['norm'], added: ['Point.y'] })
  })
})
