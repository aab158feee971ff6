/** The environment the native `mojo` driver needs when run without the Python wrapper pip installs. */
import fs from 'node:fs'
import path from 'node:path'
import * as core from '@actions/core'
import type { Toolchain } from '../types.js'

/**
 * The minimal environment for `<root>/bin/mojo`, found by removing variables one at a time with every
 * mojo-compiler release from 0.25.6.0 to 1.2.0 (see __tests__/toolchain/driver-env.itest.ts), and
 * compared with what each wheel's own wrapper (`mojo/run.py`, `_sdk_default_env`) sets:
 * - MODULAR_MOJO_MAX_IMPORT_PATH=<root>/lib/mojo (all versions): without it "unable to locate module
 *   'std'" ('stdlib' before 0.26.1.0).
 * - MODULAR_MOJO_MAX_PACKAGE_ROOT=<root> (0.26.1.0 on): from 0.26.1.0 the driver finds compiler_rt and
 *   the runtime libraries from it, and the wrapper sets nothing else; without it `mojo run` fails
 *   "unable to locate compiler_rt /lib/libKGENCompilerRTShared.so". Unused but harmless before.
 * - 0.25.x only (`runtimePaths`): those drivers ignore the package root and look for their runtime under
 *   "/", so their wrapper names each file. MODULAR_MOJO_MAX_COMPILERRT_PATH, else `mojo run` fails
 *   "unable to locate compiler_rt /lib/libKGENCompilerRTShared.so"; MODULAR_MOJO_MAX_SHARED_LIBS, else
 *   `mojo build` fails "cannot find /lib/libAsyncRTMojoBindings.so". Not set for later drivers: their
 *   defaults differ by version (1.0.0 dropped libAsyncRTMojoBindings), and the 0.25 list breaks 1.x links.
 * - MODULAR_CRASH_REPORTING_ENABLED=false: not needed to run, but silences "Failed to initialize Crashpad"
 *   on runners, and MODULAR_TELEMETRY_ENABLED=false keeps CI jobs from reporting usage.
 * Not needed: HOME (1.2.0 keeps its compile cache in /opt/modular/.mojo_cache, whatever HOME says, unless
 * MODULAR_CACHE_DIR is set: see compile-cache.ts), the other
 * paths the 0.25 wrapper sets (lld, debugger, LSP: run and build work without them; its system libraries
 * are the driver's default link flags already), and a C compiler for `mojo run`. `mojo build` links
 * with `cc` from PATH (0.25.x with `c++`).
 */
export function driverEnv(root: string): Record<string, string> {
  const lib = path.join(root, 'lib')
  return {
    MODULAR_MOJO_MAX_PACKAGE_ROOT: root,
    MODULAR_MOJO_MAX_IMPORT_PATH: path.join(lib, 'mojo'),
    ...(isMojo025(root) ? runtimePaths(lib) : {}),
    MODULAR_CRASH_REPORTING_ENABLED: 'false',
    MODULAR_TELEMETRY_ENABLED: 'false'
  }
}

/**
 * A 0.25.x toolchain, told by its standard library's name: 0.26.1.0 renamed `stdlib.mojopkg` to
 * `std.mojopkg` in the same release that made the driver find its runtime from the package root.
 */
function isMojo025(root: string): boolean {
  return fs.existsSync(path.join(root, 'lib', 'mojo', 'stdlib.mojopkg'))
}

/** The runtime paths exactly as the 0.25.x wrapper sets them (`.dylib` on macOS: not run here). */
function runtimePaths(lib: string): Record<string, string> {
  const so = (name: string): string =>
    path.join(lib, name + (process.platform === 'darwin' ? '.dylib' : '.so'))
  return {
    MODULAR_MOJO_MAX_COMPILERRT_PATH: so('libKGENCompilerRTShared'),
    MODULAR_MOJO_MAX_SHARED_LIBS: [
      so('libAsyncRTMojoBindings'),
      so('libAsyncRTRuntimeGlobals'),
      so('libMSupportGlobals'),
      // The built program finds those libraries in the toolchain.
      `-Xlinker,-rpath,-Xlinker,${lib}`
    ].join(',')
  }
}

/** Makes `mojo` usable by later steps: the driver environment, and `<root>/bin` on PATH. */
export function exportToolchain(toolchain: Toolchain): void {
  for (const [name, value] of Object.entries(toolchain.env)) core.exportVariable(name, value)
  core.addPath(path.dirname(toolchain.mojo))
}
