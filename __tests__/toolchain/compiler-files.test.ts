import { describe, expect, it } from '@jest/globals'
import type { Host } from '../../src/host.js'
import { chooseCompiler, choosePart } from '../../src/toolchain/compiler-files.js'
import type { IndexFile } from '../../src/toolchain/simple-index.js'

const host: Host = { platform: 'linux', arch: 'x64', glibc: '2.39' }

function wheel(project: string, version: string, platform: string, yanked?: string): IndexFile {
  const filename = `${project.replace(/-/g, '_')}-${version}-py3-none-${platform}.whl`
  return { filename, url: `https://files.example/${filename}`, sha256: 'ab'.repeat(32), yanked }
}

const compilerFiles = [
  wheel('mojo-compiler', '1.3.0', 'manylinux_2_34_aarch64'),
  wheel('mojo-compiler', '1.2.0', 'manylinux_2_34_x86_64', 'miscompiles'),
  wheel('mojo-compiler', '1.2.0', 'macosx_13_0_arm64'),
  wheel('mojo-compiler', '1.1.0', 'manylinux_2_34_x86_64'),
  wheel('mojo-compiler', '1.1.0', 'manylinux_2_34_aarch64'),
  { filename: 'mojo_compiler-1.1.0.tar.gz', url: 'https://files.example/x.tar.gz' }
]

describe('chooseCompiler', () => {
  it('skips yanked files and versions with no wheel for this runner', () => {
    expect(chooseCompiler(compilerFiles, { kind: 'latest' }, host)).toEqual({
      version: '1.1.0',
      file: compilerFiles[3]
    })
  })

  it('fails naming the platforms the index has when none fits the runner', () => {
    const arm = [compilerFiles[0]]
    expect(() => chooseCompiler(arm, { kind: 'latest' }, host)).toThrow(
      /no mojo-compiler wheel for this runner, linux\/x64 \(glibc 2\.39\) \(it has: manylinux_2_34_aarch64\)/
    )
  })
})

describe('choosePart', () => {
  const parts = [
    wheel('mojo-compiler-mojo-libs', '1.2.0', 'any'),
    wheel('mojo-compiler-mojo-libs', '1.1.0', 'any')
  ]

  it('picks the wheel the compiler pins', () => {
    expect(choosePart(parts, 'mojo-compiler-mojo-libs', '==1.1.0', host)).toBe(parts[1])
  })

  it('fails naming what the index has when the pin is missing', () => {
    expect(() => choosePart(parts, 'mojo-compiler-mojo-libs', '==1.3.0', host)).toThrow(
      'requires mojo-compiler-mojo-libs==1.3.0, but the index has no such wheel (it has 1.2.0, 1.1.0)'
    )
  })
})
