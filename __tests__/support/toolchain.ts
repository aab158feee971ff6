/**
 * A real, installed Mojo toolchain for tests of the build and verify stages.
 * TEMPORARY internals: extracts the wheels with `unzip`; to be replaced by the action's own
 * installer (src/toolchain) served from the local test index, keeping this signature.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import type { Toolchain } from '../../src/types.js'
import { cacheRoot, ensureWheels } from './wheels.js'

export async function testToolchain(version: string): Promise<Toolchain> {
  const root = path.join(cacheRoot, 'toolchains', version, 'modular')
  if (!fs.existsSync(path.join(root, 'bin', 'mojo'))) {
    const staging = `${root}.tmp-${process.pid}`
    fs.rmSync(staging, { recursive: true, force: true })
    for (const wheel of ensureWheels(version)) {
      execFileSync('unzip', ['-qo', wheel.path, '*/platlib/modular/*', '-d', `${staging}-x`])
    }
    for (const data of fs.readdirSync(`${staging}-x`)) {
      fs.cpSync(path.join(`${staging}-x`, data, 'platlib', 'modular'), staging, { recursive: true })
    }
    fs.rmSync(`${staging}-x`, { recursive: true, force: true })
    fs.mkdirSync(path.dirname(root), { recursive: true })
    try {
      fs.renameSync(staging, root)
    } catch {
      fs.rmSync(staging, { recursive: true, force: true }) // another worker won the race
    }
  }
  return {
    version,
    root,
    mojo: path.join(root, 'bin', 'mojo'),
    env: {
      MODULAR_MOJO_MAX_PACKAGE_ROOT: root,
      MODULAR_MOJO_MAX_IMPORT_PATH: path.join(root, 'lib', 'mojo'),
      MODULAR_CRASH_REPORTING_ENABLED: 'false',
      MODULAR_TELEMETRY_ENABLED: 'false'
    },
    source: 'download'
  }
}
