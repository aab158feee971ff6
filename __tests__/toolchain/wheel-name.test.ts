import { describe, expect, it } from '@jest/globals'
import { parseRequiresDist, parseWheelName, toolchainParts } from '../../src/toolchain/wheel-name.js'

describe('parseWheelName', () => {
  it('reads dist and version, with or without a build tag', () => {
    expect([
      parseWheelName('mojo_compiler-1.3.0.dev2026103105-py3-none-manylinux_2_34_x86_64.whl'),
      parseWheelName('mojo_compiler_mojo_libs-0.26.2.0-1-py3-none-any.whl'),
      parseWheelName('mojo_compiler-1.2.0.tar.gz')
    ]).toEqual([
      { dist: 'mojo_compiler', version: '1.3.0.dev2026103105' },
      { dist: 'mojo_compiler_mojo_libs', version: '0.26.2.0' },
      undefined
    ])
  })
})

describe('parseRequiresDist', () => {
  const metadata = [
    'Metadata-Version: 2.1',
    'Name: mojo-compiler',
    'Requires-Dist: mojo-compiler-mojo-libs==1.2.0',
    'Requires-Dist: click (>=8) ; python_version >= "3.9"',
    'Requires-Dist: pytest ; extra == "test"',
    'Version: 1.2.0',
    '',
    'Requires-Dist: not-a-header==1 (this is the description)'
  ].join('\n')

  it('reads the requirements in the headers, leaving out extras', () => {
    expect(parseRequiresDist(metadata)).toEqual([
      { name: 'mojo-compiler-mojo-libs', specifier: '==1.2.0', marker: '' },
      { name: 'click', specifier: '>=8', marker: 'python_version >= "3.9"' }
    ])
  })

  it('keeps only the toolchain parts', () => {
    expect(toolchainParts(parseRequiresDist(metadata))).toEqual([
      { name: 'mojo-compiler-mojo-libs', specifier: '==1.2.0', marker: '' }
    ])
  })
})
