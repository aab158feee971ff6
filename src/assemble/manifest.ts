/** manifest.json: what was built, by which compiler, and (after verification) whether it installs. */
import os from 'node:os'
import path from 'node:path'
import type { ExternalPackage } from '../project/external-packages.js'
import type { Artifact } from '../types.js'
import { writeFileAtomic } from '../workspace-files.js'

export const MANIFEST_FILE = 'manifest.json'

interface ManifestOptions {
  /** The exact compiler version that built the packages. */
  mojo: string
  version: string
  artifacts: Artifact[]
  /** Packages the built ones import that are not shipped here: a user must have them installed. */
  externals?: ExternalPackage[]
}

export interface Manifest {
  mojo: string
  version: string
  /** The runner it was built on (`linux-x64`, `darwin-arm64`): a merged release lists each cell's. */
  platform?: string
  artifacts: Array<Partial<Artifact> & { format: string; requires?: string[] }>
  externals?: Array<Pick<ExternalPackage, 'import' | 'kind' | 'from' | 'install'>>
}

/** What a file is, as a user picks one: the precompiled file's extension, or the installer it is for. */
function formatOf(a: Artifact): string {
  if (a.kind === 'package') return path.extname(a.file).slice(1)
  if (a.kind === 'archive') return a.file.endsWith('.zip') ? 'zip' : 'tar.gz'
  if (a.kind === 'script') return 'sh'
  return a.kind
}

/** What a package's file needs installed beside it: the exact compiler and each dependency, exactly. */
function requirementsOf(a: Artifact, all: Artifact[]): string[] | undefined {
  if (a.mojo === undefined || a.kind === 'archive') return undefined
  const needed = a.kind === 'bundle' || !a.import ? (a.contents ?? []) : (a.dependencies ?? [])
  const byImport = (name: string) => all.find((o) => o.kind === 'package' && o.import === name)
  return [
    `mojo-compiler==${a.mojo}`,
    ...needed.map(
      (name) => `${byImport(name)?.distribution ?? name}==${byImport(name)?.version ?? a.version}`
    )
  ]
}

/** Fields in a fixed order, absent ones left out, so the file only changes when its content does. */
export function manifest(options: ManifestOptions): Manifest {
  return {
    mojo: options.mojo,
    version: options.version,
    artifacts: options.artifacts.map((a) => ({
      kind: a.kind,
      format: formatOf(a),
      name: a.name,
      distribution: a.distribution,
      version: a.version,
      file: a.file,
      sha256: a.sha256,
      size: a.size,
      import: a.import,
      mojo: a.mojo,
      dependencies: a.dependencies,
      requires: requirementsOf(a, options.artifacts),
      contents: a.contents,
      licenses: a.licenses,
      verification: a.verification
    })),
    ...(options.externals?.length
      ? {
          externals: options.externals.map((e) => ({
            import: e.import,
            kind: e.kind,
            from: e.from,
            install: e.install
          }))
        }
      : {})
  }
}

/** Written again by the lead after verification, with `verification` filled in. */
export async function writeManifest(outDir: string, options: ManifestOptions): Promise<void> {
  const { mojo, version, ...rest } = manifest(options)
  const data = { mojo, version, platform: `${process.platform}-${os.arch()}`, ...rest }
  await writeFileAtomic(path.join(outDir, MANIFEST_FILE), `${JSON.stringify(data, null, 2)}\n`)
}
