/**
 * What the bench needs, checked before its first measurement: each missing piece named with the command
 * that installs it, so a run never dies minutes in. Optional pieces (uv) only take their rows out.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { repoRoot } from '../__tests__/support/run-action.js'
import { wheelDir } from '../__tests__/support/wheels.js'
import { findUv, UV_TARGET, UV_VERSION, type Uv } from './uv.js'

export interface Check {
  what: string
  /** undefined when present; else how to install it. */
  missing?: string
  /** Some cases run without it (their rows say "not measured"). */
  optional?: boolean
}

const runs = (command: string, args: string[]): boolean => {
  try {
    execFileSync(command, args, { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** Each prerequisite of the chosen `cases`, and uv when found. */
export function prerequisites(cases: Set<string>, versions: string[]): { checks: Check[]; uv?: Uv } {
  const checks: Check[] = []
  const need = (what: string, present: boolean, fix: string, optional = false): void => {
    checks.push({ what, missing: present ? undefined : fix, optional })
  }
  need('Linux (memory is read from /proc)', process.platform === 'linux', 'run the bench on Linux')
  const major = Number(process.versions.node.split('.')[0])
  need(
    `Node 24 (runs.using: node24; this is ${process.version})`,
    major >= 24,
    'put Node 24 first on PATH (scripts/test installs it)'
  )
  need(
    'a built action (dist/index.js)',
    fs.existsSync(path.join(repoRoot, 'dist', 'index.js')),
    'npm run build'
  )
  need(
    'python3 with venv and pip',
    runs('python3', ['-c', 'import venv, pip']),
    'apt-get install python3-venv python3-pip'
  )
  for (const version of versions) {
    const kept =
      fs.existsSync(wheelDir) &&
      fs.readdirSync(wheelDir).some((f) => f.startsWith(`mojo_compiler-${version}-`))
    need(
      `the mojo-compiler ${version} wheels (${wheelDir})`,
      kept,
      `python3 -m pip download --no-deps --only-binary=:all: --dest ${wheelDir} mojo-compiler==${version} mojo-compiler-mojo-libs==${version}`
    )
  }
  if (cases.has('verify')) {
    need(
      'py-rattler (the conda check)',
      runs('python3', ['-c', 'import rattler']),
      'python3 -m pip install py-rattler==0.28.0'
    )
    need('unzip (the compiler as a conda package)', runs('unzip', ['-v']), 'apt-get install unzip')
  }
  if (cases.has('hosted')) {
    const azurite = path.join(repoRoot, 'node_modules', '.bin', 'azurite-blob')
    need(
      'Azurite (the fake Actions cache stores blobs in it)',
      fs.existsSync(azurite),
      'npm ci (a dev dependency)'
    )
    need('tar', runs('tar', ['--version']), 'apt-get install tar')
    need('zstd (@actions/cache compresses with it)', runs('zstd', ['--version']), 'apt-get install zstd')
  }
  const uv = cases.has('install') ? findUv() : undefined
  if (cases.has('install'))
    need(
      'uv (the install and hosted cases compare against it)',
      uv !== undefined,
      `python3 -m pip install --target ${UV_TARGET} uv==${UV_VERSION}`,
      true
    )
  return { checks, uv }
}

/** The lines the bench prints about its prerequisites; `ok` is false when a required one is missing. */
export function describeChecks(checks: Check[]): { ok: boolean; lines: string[] } {
  const lines = checks.map((c) =>
    c.missing === undefined
      ? `  ok       ${c.what}`
      : `  ${c.optional ? 'without' : 'MISSING'}  ${c.what}: ${c.missing}`
  )
  return { ok: checks.every((c) => c.missing === undefined || c.optional), lines }
}
