/** The environment the native `mojo` driver needs when run without the Python wrapper pip installs. */
import path from 'node:path'
import * as core from '@actions/core'
import type { Toolchain } from '../types.js'

/**
 * The minimal environment for `<root>/bin/mojo`, found by removing variables one at a time with the real
 * 1.2.0 and 0.26.2.0 drivers (see __tests__/toolchain/driver-env.itest.ts):
 * - MODULAR_MOJO_MAX_PACKAGE_ROOT=<root>: without it `mojo run` fails "unable to locate compiler_rt"
 *   (the driver finds lld, the runtime libraries and crashpad from here).
 * - MODULAR_MOJO_MAX_IMPORT_PATH=<root>/lib/mojo: without it "unable to locate module 'std'".
 * - MODULAR_CRASH_REPORTING_ENABLED=false: not needed to run, but silences "Failed to initialize Crashpad"
 *   on runners, and MODULAR_TELEMETRY_ENABLED=false keeps CI jobs from reporting usage.
 * Not needed: HOME (the compile cache then goes to $HOME/.cache/modular when there is one), the other
 * MODULAR_MOJO_MAX_* paths the wrapper sets, and a C compiler for `mojo run` (`mojo build` links with `cc`).
 */
export function driverEnv(root: string): Record<string, string> {
  return {
    MODULAR_MOJO_MAX_PACKAGE_ROOT: root,
    MODULAR_MOJO_MAX_IMPORT_PATH: path.join(root, 'lib', 'mojo'),
    MODULAR_CRASH_REPORTING_ENABLED: 'false',
    MODULAR_TELEMETRY_ENABLED: 'false'
  }
}

/** Makes `mojo` usable by later steps: the driver environment, and `<root>/bin` on PATH. */
export function exportToolchain(toolchain: Toolchain): void {
  for (const [name, value] of Object.entries(toolchain.env)) core.exportVariable(name, value)
  core.addPath(path.dirname(toolchain.mojo))
}
