/**
 * Which compiler wheel fits the runner, and whether the runner can run Mojo at all. Mojo ships Linux
 * x86_64/aarch64 (glibc >= 2.34) and macOS arm64; on x86_64 it needs an x86-64-v3 CPU.
 */
import fs from 'node:fs'
import os from 'node:os'
import { ToolchainError } from './errors.js'

export interface Host {
  /** `process.platform`. */
  platform: string
  /** `os.arch()`. */
  arch: string
  /** Linux: the C library's version (`2.39`); absent on musl or when unknown. */
  glibc?: string
  /** macOS: the OS version (`15.1`). */
  macos?: string
  /** Linux x64: the CPU's feature flags as /proc/cpuinfo names them; absent when unreadable. */
  cpuFlags?: string[]
}

export const SUPPORTED_PLATFORMS =
  'Linux x86_64 and aarch64 with glibc >= 2.34 (ubuntu-22.04 or newer, ubuntu-24.04-arm), and macOS on Apple silicon (arm64, e.g. macos-15)'

export function currentHost(): Host {
  const host: Host = { platform: process.platform, arch: os.arch() }
  if (host.platform === 'linux') {
    const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)
      ?.header
    if (header?.glibcVersionRuntime) host.glibc = header.glibcVersionRuntime
    if (host.arch === 'x64') host.cpuFlags = cpuFlags()
  }
  if (host.platform === 'darwin') {
    // Darwin 20 is macOS 11, and every major since adds one.
    const darwin = Number(os.release().split('.')[0])
    if (darwin >= 20) host.macos = `${darwin - 9}.0`
  }
  return host
}

/** The first processor's `flags` line of /proc/cpuinfo; undefined when it cannot be read. */
function cpuFlags(): string[] | undefined {
  try {
    const line = /^flags\s*:(.*)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1]
    return line?.trim().split(/\s+/)
  } catch {
    return undefined
  }
}

function archTag(host: Host): string | undefined {
  if (host.platform === 'linux') return { x64: 'x86_64', arm64: 'aarch64' }[host.arch]
  if (host.platform === 'darwin') return { arm64: 'arm64' }[host.arch]
  return undefined
}

/** The conda platform name of the runner (`linux-64`, `linux-aarch64`, `osx-arm64`), as pixi.lock keys it. */
export function condaPlatform(host: Host): string | undefined {
  if (host.platform === 'linux') return { x64: 'linux-64', arm64: 'linux-aarch64' }[host.arch]
  if (host.platform === 'darwin') return { arm64: 'osx-arm64', x64: 'osx-64' }[host.arch]
  return undefined
}

const unsupported = (host: Host): string =>
  `Mojo has no compiler for ${host.platform}/${host.arch}: it supports ${SUPPORTED_PLATFORMS}. Run this job on one of those runners.`

/** The machine part of wheel platform tags, or an error naming the platforms Mojo supports. */
export function wheelArch(host: Host): string {
  const arch = archTag(host)
  if (!arch) throw new ToolchainError(unsupported(host))
  return arch
}

/**
 * x86-64-v3 (with the v2 set below it) as /proc/cpuinfo names the features, and the name to show when
 * it differs. The compiler uses these unconditionally: without one it dies of SIGILL at `mojo --version`.
 */
const X86_64_V3: Array<[flag: string, shown?: string]> = [
  ['cx16'],
  ['lahf_lm'],
  ['popcnt'],
  ['sse4_1'],
  ['sse4_2'],
  ['ssse3'],
  ['avx'],
  ['avx2'],
  ['bmi1'],
  ['bmi2'],
  ['f16c'],
  ['fma'],
  ['abm', 'lzcnt (abm)'],
  ['movbe'],
  ['xsave']
]

const MIN_GLIBC: [number, number] = [2, 34]

/** Why Mojo cannot run on this host, one sentence with its fix each; empty when it can (as far as known). */
export function runnerProblems(facts: Host): string[] {
  if (!archTag(facts)) return [unsupported(facts)]
  const problems: string[] = []
  if (facts.platform === 'linux' && facts.glibc === undefined) {
    problems.push(
      `This runner has no glibc (musl, as on Alpine, or another C library), and Mojo needs glibc ${MIN_GLIBC.join('.')} or newer: use a glibc-based Linux such as ubuntu-latest (for a container job, a glibc-based image).`
    )
  } else if (facts.platform === 'linux' && !atLeast(facts.glibc, MIN_GLIBC)) {
    problems.push(
      `This runner's glibc is ${facts.glibc}, and Mojo needs ${MIN_GLIBC.join('.')} or newer: use ubuntu-22.04 or newer (ubuntu-latest, or ubuntu-24.04-arm).`
    )
  }
  if (facts.platform === 'linux' && facts.arch === 'x64' && facts.cpuFlags) {
    const have = new Set(facts.cpuFlags)
    const missing = X86_64_V3.filter(([flag]) => !have.has(flag)).map(([flag, shown]) => shown ?? flag)
    if (missing.length > 0) {
      problems.push(
        `This runner's CPU lacks ${missing.join(', ')} (x86-64-v3), which Mojo needs: use a GitHub-hosted runner (ubuntu-latest) or a newer machine.`
      )
    }
  }
  return problems
}

/** Fails before any download when Mojo cannot run here, naming exactly what is missing. */
export function checkRunner(host: Host = currentHost()): void {
  const problems = runnerProblems(host)
  if (problems.length > 0) throw new ToolchainError(problems.join(' '))
}

function atLeast(have: string | undefined, need: [number, number]): boolean {
  if (have === undefined) return false
  const [major, minor] = have.split('.').map(Number)
  return major > need[0] || (major === need[0] && (minor || 0) >= need[1])
}

/** Legacy manylinux names and the glibc they stand for (PEP 600). */
const LEGACY_MANYLINUX: Record<string, [number, number]> = {
  manylinux1: [2, 5],
  manylinux2010: [2, 12],
  manylinux2014: [2, 17]
}

/**
 * How well one wheel platform tag fits the host: undefined when it cannot run there, otherwise a score
 * (higher is more specific, so a `manylinux_2_34` wheel beats a `py3-none-any` one).
 */
function tagScore(tag: string, host: Host): number | undefined {
  if (tag === 'any') return 0
  const arch = wheelArch(host)
  if (host.platform === 'linux') {
    const modern = /^manylinux_(\d+)_(\d+)_(.+)$/.exec(tag)
    const legacy = /^(manylinux\d+)_(.+)$/.exec(tag)
    const [glibc, tagArch] = modern
      ? [[Number(modern[1]), Number(modern[2])] as [number, number], modern[3]]
      : legacy && LEGACY_MANYLINUX[legacy[1]]
        ? [LEGACY_MANYLINUX[legacy[1]], legacy[2]]
        : [undefined, undefined]
    if (!glibc || tagArch !== arch || !atLeast(host.glibc, glibc)) return undefined
    return glibc[0] * 1000 + glibc[1]
  }
  const mac = /^macosx_(\d+)_(\d+)_(.+)$/.exec(tag)
  if (!mac || !(mac[3] === arch || mac[3] === 'universal2')) return undefined
  const need: [number, number] = [Number(mac[1]), Number(mac[2])]
  // An unknown macOS version is given the benefit of the doubt: every arm64 Mac runs macOS 11+.
  if (host.macos !== undefined && !atLeast(host.macos, need)) return undefined
  return need[0] * 1000 + need[1]
}

/** Score of a wheel file name (its platform part may hold several tags joined by '.'). */
export function wheelScore(filename: string, host: Host): number | undefined {
  const platform = /-([^-]+)\.whl$/.exec(filename)?.[1]
  if (!platform) return undefined
  const scores = platform
    .split('.')
    .map((tag) => tagScore(tag, host))
    .filter((s): s is number => s !== undefined)
  return scores.length ? Math.max(...scores) : undefined
}

/** Describes the host for messages: `linux/x64 (glibc 2.31)`. */
export function describeHost(host: Host): string {
  const detail =
    host.platform === 'linux' ? `glibc ${host.glibc ?? 'not found'}` : host.macos && `macOS ${host.macos}`
  return `${host.platform}/${host.arch}${detail ? ` (${detail})` : ''}`
}
