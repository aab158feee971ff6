import { describe, expect, it } from '@jest/globals'
import { ToolchainError } from '../src/errors.js'
import { checkRunner, currentHost, type Host, runnerProblems, wheelArch, wheelScore } from '../src/host.js'

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

/** The x86-64-v3 flags of a GitHub-hosted runner, as /proc/cpuinfo lists them. */
const V3_FLAGS =
  'fpu sse2 cx16 lahf_lm popcnt sse4_1 sse4_2 ssse3 avx avx2 bmi1 bmi2 f16c fma abm movbe xsave'.split(' ')
const without = (...flags: string[]): string[] => V3_FLAGS.filter((f) => !flags.includes(f))

describe('runnerProblems', () => {
  it.each<[string, Host]>([
    ['ubuntu-24.04 with an x86-64-v3 CPU', { ...ubuntu24, cpuFlags: V3_FLAGS }],
    ['ubuntu-24.04-arm', ubuntu24arm],
    ['macos-15', macos15],
    ['x64 Linux whose CPU flags could not be read', ubuntu24]
  ])('finds nothing missing on %s', (_, facts) => {
    expect(runnerProblems(facts)).toEqual([])
  })

  it('names exactly the x86-64-v3 features the CPU lacks', () => {
    expect(runnerProblems({ ...ubuntu24, cpuFlags: without('avx2', 'bmi2', 'fma') })).toEqual([
      "This runner's CPU lacks avx2, bmi2, fma (x86-64-v3), which Mojo needs: use a GitHub-hosted runner (ubuntu-latest) or a newer machine."
    ])
  })

  it('names LZCNT by its instruction and its cpuinfo flag (abm)', () => {
    expect(runnerProblems({ ...ubuntu24, cpuFlags: without('abm') })).toEqual([
      expect.stringContaining('lacks lzcnt (abm) (x86-64-v3)')
    ])
  })

  it('reads CPU flags only on x64: an ARM64 runner has none of them and needs none', () => {
    expect(runnerProblems({ ...ubuntu24arm, cpuFlags: ['fp', 'asimd'] })).toEqual([])
  })

  it('refuses glibc older than 2.34, saying which runners have it', () => {
    expect(runnerProblems({ ...ubuntu20, cpuFlags: V3_FLAGS })).toEqual([
      "This runner's glibc is 2.31, and Mojo needs 2.34 or newer: use ubuntu-22.04 or newer (ubuntu-latest, or ubuntu-24.04-arm)."
    ])
  })

  it('refuses Linux without glibc (musl)', () => {
    expect(runnerProblems({ platform: 'linux', arch: 'arm64' })).toEqual([
      expect.stringMatching(/^This runner has no glibc \(musl.*Mojo needs glibc 2\.34 or newer: use /)
    ])
  })

  it('reports an old glibc and a CPU lacking features together', () => {
    expect(runnerProblems({ ...ubuntu20, cpuFlags: without('avx') })).toEqual([
      expect.stringContaining('glibc is 2.31'),
      expect.stringContaining('CPU lacks avx (x86-64-v3)')
    ])
  })

  it('refuses an unsupported platform with the same message as wheelArch, and nothing else', () => {
    const host: Host = { platform: 'darwin', arch: 'x64', cpuFlags: [] }
    const problems = runnerProblems(host)
    expect(problems).toHaveLength(1)
    expect(() => wheelArch(host)).toThrow(new ToolchainError(problems[0]))
  })
})

describe('checkRunner', () => {
  it('throws a ToolchainError naming what is missing', () => {
    const check = (): void => checkRunner({ ...ubuntu24, cpuFlags: without('avx2', 'bmi2', 'fma') })
    expect(check).toThrow(ToolchainError)
    expect(check).toThrow("This runner's CPU lacks avx2, bmi2, fma (x86-64-v3)")
  })

  it('passes on the machine running these tests (it runs the real compiler)', () => {
    expect(() => checkRunner()).not.toThrow()
  })

  it("reads this machine's CPU flags on Linux x64", () => {
    const host = currentHost()
    const expected =
      host.platform === 'linux' && host.arch === 'x64' ? expect.arrayContaining(['sse2']) : undefined
    expect(host.cpuFlags).toEqual(expected)
  })
})
