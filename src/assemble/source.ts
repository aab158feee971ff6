/**
 * The source form of a package, for users on another compiler version (a precompiled file loads only
 * in the one that built it): `<import>-<version>-src.tar.gz`, the package's Mojo sources under
 * `<import>/` with its license file, ready for `tar -xzf ... -C LIB` and `mojo run -I LIB`.
 */
import path from 'node:path'
import { mojoSources, workspaceOf } from '../project/discover.js'
import type { PackageSpec } from '../project/package-spec.js'
import type { Artifact } from '../types.js'
import { writeEntries } from './archives.js'
import { diskFile, layout } from './layout.js'

export async function writeSourceArchive(
  spec: PackageSpec,
  options: { outDir: string; epoch: number; licenseFile?: string }
): Promise<Artifact> {
  const { licenseFile } = options
  const files = await Promise.all([
    ...(await mojoSources(spec.dir, workspaceOf(spec))).map((rel) => diskFile(rel, path.join(spec.dir, rel))),
    ...(licenseFile ? [diskFile(path.basename(licenseFile), licenseFile)] : [])
  ])
  const entries = layout(spec.import, files)
  // Named `<import>-<version>-src.tar.gz`: the `-src` rides on the version part of the file name.
  const target = {
    kind: 'source' as const,
    name: spec.import,
    version: `${spec.version}-src`,
    format: 'tar.gz' as const
  }
  const artifact = await writeEntries(entries, target, options.outDir, options.epoch)
  return {
    ...artifact,
    version: spec.version,
    import: spec.import,
    distribution: spec.name,
    mojoToml: spec.mojoToml,
    dependencies: spec.dependencies,
    contents: entries.map((e) => e.path),
    licenses: licenseFile ? [`${spec.import}/${path.basename(licenseFile)}`] : undefined
  }
}
