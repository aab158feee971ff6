/** A small Mojo package for the wheel and conda tests, and a program that uses it. */
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import type { Distribution } from '../../src/assemble/distribution.js'
import type { Toolchain } from '../../src/types.js'
import { tempDir, writeFiles } from './temp.js'

export const GEOMETRY_SOURCES = {
  'geometry/__init__.mojo': '"""Rectangles and their areas."""\nfrom .shapes import Rectangle, area\n',
  'geometry/shapes.mojo': [
    'struct Rectangle(Copyable, Movable):',
    '    var width: Int',
    '    var height: Int',
    '',
    '    def __init__(out self, width: Int, height: Int):',
    '        self.width = width',
    '        self.height = height',
    '',
    '',
    'def area(r: Rectangle) -> Int:',
    '    return r.width * r.height',
    ''
  ].join('\n')
}

export const GEOMETRY_APP =
  'from geometry import Rectangle, area\n\n\ndef main():\n    print("area:", area(Rectangle(3, 4)))\n'

/** The package precompiled by the real compiler, as the Distribution the writers take. */
export function precompiledGeometry(toolchain: Toolchain): Distribution {
  const sources = writeFiles(tempDir('src'), GEOMETRY_SOURCES)
  const file = path.join(tempDir('built'), 'geometry.mojoc')
  execFileSync(toolchain.mojo, ['precompile', path.join(sources, 'geometry'), '-o', file], {
    env: { ...process.env, ...toolchain.env },
    stdio: 'ignore'
  })
  return {
    name: 'geometry',
    version: '0.1.0',
    package: { import: 'geometry', file, format: 'mojoc' },
    summary: 'Rectangles and their areas.',
    license: 'MIT',
    readme: { text: '# geometry\n\nRectangles and their areas.\n', contentType: 'text/markdown' },
    mojo: toolchain.version,
    requires: [],
    epoch: 1_700_000_000
  }
}
