/**
 * Import names a workspace package cannot have on this compiler because they already resolve without
 * it. 0.26.x imports standard-library modules implicitly (`import utils` gets `std.utils`, with a
 * deprecation warning), so a package called `utils` is silently shadowed; 1.x reserves only `std`.
 * The compiler is asked, not a list: one compile of a probe package that imports every name, in a
 * folder that holds nothing else. A name it cannot locate is free.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import { BuildError } from '../errors.js'
import type { PackageSpec } from '../project/package-spec.js'
import { untrusted } from '../log.js'
import { PROBE_TIMEOUT_MS, runMojo } from '../toolchain/driver.js'
import type { Toolchain } from '../types.js'
import { parseDiagnostics } from './diagnostics.js'
import type { BuildFormat } from './format.js'
import { installedFileName } from './naming.js'

/** The names of `imports` that resolve with nothing but the toolchain on the import path. */
async function resolvingNames(
  imports: string[],
  toolchain: Toolchain,
  build: BuildFormat,
  work: string
): Promise<string[]> {
  const root = await fs.mkdtemp(path.join(work, 'probe-'))
  await fs.mkdir(path.join(root, 'probe'))
  await fs.writeFile(
    path.join(root, 'probe', '__init__.mojo'),
    imports.map((name) => `import ${name}\n`).join('')
  )
  const output = path.join(root, installedFileName('probe', build.format))
  const result = await runMojo(toolchain, [build.command, 'probe', '-o', output], {
    cwd: root,
    timeoutMs: PROBE_TIMEOUT_MS
  })
  // The driver's own closing line ("failed to parse the provided Mojo source module") has no file.
  const errors = parseDiagnostics(result.stderr).filter((d) => d.severity === 'error' && d.file !== undefined)
  const missing = errors.map((d) => /^unable to locate module '([^']+)'$/.exec(d.message)?.[1])
  // Any other error means the probe itself did not work: then nothing is known to be shadowed.
  if (result.code !== 0 && (errors.length === 0 || missing.includes(undefined))) return []
  return imports.filter((name) => !missing.includes(name))
}

/** Fails, naming the folder and the fix, when a package would be shadowed by what the toolchain ships. */
export async function checkShadowing(
  packages: PackageSpec[],
  toolchain: Toolchain,
  build: BuildFormat,
  work: string
): Promise<void> {
  if (packages.length === 0) return
  const taken = new Set(
    await resolvingNames(
      packages.map((p) => p.import),
      toolchain,
      build,
      work
    )
  )
  const shadowed = packages.filter((p) => taken.has(p.import))
  if (shadowed.length === 0) return
  throw new BuildError(
    shadowed
      .map(
        (p) =>
          `${untrusted(p.relDir || '.')} would be imported as '${p.import}', but on Mojo ${toolchain.version} ` +
          `'import ${p.import}' already finds the standard library's module, so code would silently get that one`
      )
      .join('; ') + ': rename the package folder (e.g. with a project prefix) and the imports of it.'
  )
}
