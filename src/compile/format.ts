/**
 * Which package format and compiler command a toolchain builds with. Mojo 1.0.0b2 renamed
 * `mojo package` (`.mojopkg`) to `mojo precompile` (`.mojoc`); the toolchain is probed, not its
 * version guessed at.
 */
import { InputError } from '../errors.js'
import type { PackageFormat, Toolchain } from '../types.js'
import { PROBE_TIMEOUT_MS, runMojo } from '../toolchain/driver.js'

type CompileCommand = 'precompile' | 'package'

export interface BuildFormat {
  format: PackageFormat
  command: CompileCommand
}

/** The driver's arguments that build the package folder `source` into `output`, seeing `includes`. */
export function buildArgs(build: BuildFormat, source: string, output: string, includes: string[]): string[] {
  return [build.command, source, '-o', output, ...includes.flatMap((d) => ['-I', d])]
}

const probes = new Map<string, Promise<boolean>>()

/** Whether the compiler has `mojo precompile` (0.26.x answers "no such command"). Probed once per driver. */
export function hasPrecompile(toolchain: Toolchain): Promise<boolean> {
  let probe = probes.get(toolchain.mojo)
  if (!probe) {
    probe = runMojo(toolchain, ['precompile', '--help'], { timeoutMs: PROBE_TIMEOUT_MS }).then(
      (result) => result.code === 0
    )
    probes.set(toolchain.mojo, probe)
  }
  return probe
}

/**
 * `auto` is the newest format the compiler writes. `mojopkg` on a compiler with `precompile` uses it
 * (`mojo package` is its deprecated alias); whether that compiler still writes `.mojopkg` shows when
 * it runs (1.2.0 refuses: see `formatRefusal`).
 */
export function chooseFormat(
  requested: 'auto' | PackageFormat,
  version: string,
  precompile: boolean
): BuildFormat {
  if (requested === 'mojoc' && !precompile) {
    throw new InputError(
      'format',
      `Mojo ${version} has no 'mojo precompile', so it cannot write .mojoc packages: ` +
        `use format: mojopkg (or auto), or a Mojo 1.0 or later toolchain.`
    )
  }
  const format = requested === 'auto' ? (precompile ? 'mojoc' : 'mojopkg') : requested
  return { format, command: precompile ? 'precompile' : 'package' }
}

/** The error for a compiler that refuses to write the requested format, read from its stderr. */
export function formatRefusal(
  stderr: string,
  format: PackageFormat,
  version: string
): InputError | undefined {
  const wanted = /output path must have a '\.(\w+)' extension/.exec(stderr)?.[1]
  if (wanted === undefined || wanted === format) return undefined
  return new InputError(
    'format',
    `Mojo ${version} cannot write .${format} packages (it said: output path must have a '.${wanted}' extension): ` +
      `use format: ${wanted} or auto.`
  )
}
