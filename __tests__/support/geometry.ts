/** A small Mojo package for the wheel and conda tests, and a program that uses it. */

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
