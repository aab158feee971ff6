import { describe, expect, it } from '@jest/globals'
import { ToolchainError } from '../../src/errors.js'
import { type Host, wheelArch, wheelScore } from '../../src/toolchain/platform.js'

const ubuntu24: Host = { platform: 'linux', arch: 'x64', glibc: '2.39' }
const ubuntu24arm: Host = { platform: 'linux', arch: 'arm64', glibc: '2.39' }
const ubuntu20: Host = { platform: 'linux', arch: 'x64', glibc: '2.31' }
const macos15: Host = { platform: 'darwin', arch: 'arm64', macos: '15.0' }

const X86 = 'mojo_compiler-1.2.0-py3-none-manylinux_2_34_x86_64.whl'
const ARM = 'mojo_compiler-1.2.0-py3-none-manylinux_2_34_aarch64.whl'
const MAC = 'mojo_compiler-1.2.0-py3-none-macosx_13_0_arm64.whl'
const ANY = 'mojo_compiler_mojo_libs-1.2.0-py3-none-any.whl'

describe('wheelScore', () => {
  it('fits the x86_64 manylinux wheel on ubuntu-24.04 and not the others', () => {
    expect([X86, ARM, MAC].map((f) => wheelScore(f, ubuntu24) !== undefined)).toEqual([true, false, false])
  })

  it('fits the aarch64 wheel on ubuntu-24.04-arm', () => {
    expect([X86, ARM, MAC].map((f) => wheelScore(f, ubuntu24arm) !== undefined)).toEqual([false, true, false])
  })

  it('fits the arm64 macOS wheel on macos-15', () => {
    expect([X86, ARM, MAC].map((f) => wheelScore(f, macos15) !== undefined)).toEqual([false, false, true])
  })

  it('refuses manylinux_2_34 where glibc is older', () => {
    expect(wheelScore(X86, ubuntu20)).toBeUndefined()
  })

  it('refuses a macOS wheel newer than the host', () => {
    expect(wheelScore(MAC, { platform: 'darwin', arch: 'arm64', macos: '12.0' })).toBeUndefined()
  })

  it('fits pure wheels everywhere, below platform wheels', () => {
    expect(wheelScore(ANY, ubuntu24)).toBeLessThan(wheelScore(X86, ubuntu24)!)
  })

  it('reads legacy manylinux names and compressed tag sets', () => {
    expect(wheelScore('x-1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl', ubuntu20)).toBe(
      2017
    )
  })
})

describe('wheelArch', () => {
  it.each<[Host, string]>([
    [{ platform: 'win32', arch: 'x64' }, 'win32/x64'],
    [{ platform: 'darwin', arch: 'x64' }, 'darwin/x64'],
    [{ platform: 'linux', arch: 'ppc64', glibc: '2.39' }, 'linux/ppc64']
  ])('fails on %j naming the platforms Mojo supports', (host, name) => {
    expect(() => wheelArch(host)).toThrow(ToolchainError)
    expect(() => wheelArch(host)).toThrow(
      new RegExp(
        `no compiler for ${name}: it supports Linux x86_64 and aarch64 with glibc >= 2\\.34.*macOS on Apple silicon`
      )
    )
  })
})
