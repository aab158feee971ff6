/**
 * The assemble stage: around the compiled packages in a staging folder it writes the bundle, the
 * archives, SHA256SUMS, manifest.json and INSTALL.md, then moves the complete folder into output-dir.
 */
import * as core from '@actions/core'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { ArchiveSpec, DistributionFormat } from '../inputs/inputs.js'
import type { PackageSpec } from '../project/package-spec.js'
import type { SourceFile } from './collect.js'
import type { ExternalPackage } from '../project/external-packages.js'
import type { Artifact } from '../types.js'
import { writeArchive } from './archives.js'
import { writeBundle } from './bundle.js'
import { writeChecksums } from './checksums.js'
import { sourceDateEpoch } from './epoch.js'
import { writeInstallGuide } from './install-guide.js'
import { writeManifest } from './manifest.js'
import { promoteStaging } from './promote.js'
import { writeSourceArchive } from './source.js'
import { distributionArtifact, distributions } from './plan-distributions.js'
import { writeWheel } from './wheel.js'
import { writeConda } from './conda-package.js'
import { licenseFileOf, type Licensing } from '../project/license-file.js'
import { installVerifyScript, writeInstallVerify } from './install-verify-script.js'
import { untrusted } from '../log.js'
import type { ChangelogSection } from '../types.js'

/** What assemble writes around the compiled packages. */
export interface Assembly {
  /** The workspace's name, for INSTALL.md's title. */
  name: string
  version: string
  mojo: string
  workspace: string
  /** Absolute. */
  outputDir: string
  /** '' for no bundle. */
  bundle: string
  archives: ArchiveSpec[]
  /** What each archive takes, collected before the download (`collectArchives`). */
  archiveFiles: Map<string, SourceFile[]>
  symbols: Map<string, string[]>
  /** Packages the built ones import that are not shipped here (listed in manifest.json and INSTALL.md). */
  externals: ExternalPackage[]
  /** What ships besides the bundle and archives. */
  formats: Set<DistributionFormat>
  /** The packages built, for their source archives. */
  specs: PackageSpec[]
  /** The workspace's license, license file and manifest (the project's). */
  licensing: Licensing
  /** The changelog's section for a tag build's version, quoted in INSTALL.md. */
  changelog?: ChangelogSection
}

/** Runs `work` with a fresh staging folder, removed afterwards whatever happens. */
export async function withStaging<T>(work: (staging: string) => Promise<T>): Promise<T> {
  const staging = await fs.mkdtemp(path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'mojo-package-'))
  await fs.chmod(staging, 0o755) // it becomes output-dir: not mkdtemp's private 0700
  try {
    return await work(staging)
  } finally {
    await fs.rm(staging, { recursive: true, force: true })
  }
}

/** Writes everything around the compiled `packages` in `staging`, then moves it into output-dir. */
export async function assemble(
  assembly: Assembly,
  staging: string,
  packages: Artifact[]
): Promise<Artifact[]> {
  const epoch = await sourceDateEpoch(assembly.workspace)
  const { version, mojo, symbols, formats, licensing } = assembly
  const artifacts = formats.has('mojoc') ? [...packages] : []
  if (formats.has('source')) {
    for (const spec of assembly.specs) {
      const licenseFile = licenseFileOf(spec, licensing)
      artifacts.push(await writeSourceArchive(spec, { outDir: staging, epoch, licenseFile }))
    }
  }
  const installable = (['wheel', 'conda'] as const).filter((f) => formats.has(f))
  if (installable.length > 0 && packages.length > 0) {
    const bundle = assembly.bundle !== '' ? { name: assembly.bundle, version } : undefined
    const planned = await distributions({
      specs: assembly.specs,
      packages,
      staging,
      mojo,
      epoch,
      bundle,
      licensing
    })
    for (const format of installable) {
      const write = format === 'wheel' ? writeWheel : writeConda
      for (const one of planned)
        artifacts.push(await distributionArtifact(format, await write(one.dist, staging), one))
    }
  }
  // The import check verification runs, for users to run against their install: needs packages to check.
  const scriptOptions = {
    name: assembly.name,
    version,
    imports: assembly.specs.map((s) => s.import),
    symbols,
    // Sources alone build with any compiler: the script warns about the version only for precompiled forms.
    mojo: (['mojoc', 'wheel', 'conda'] as const).some((f) => formats.has(f)) ? mojo : undefined
  }
  const script = packages.length > 0 ? installVerifyScript(scriptOptions) : undefined
  if (assembly.bundle !== '' && packages.length > 0) {
    artifacts.push(
      await writeBundle({
        name: assembly.bundle,
        version,
        packages,
        packagesDir: staging,
        outDir: staging,
        epoch,
        mojo,
        symbols,
        installVerify: script,
        changes: assembly.changelog,
        licenses: {
          workspace: licensing.licenseFile,
          packages: new Map(
            assembly.specs
              .filter((s) => s.licenseFile && s.licenseFile !== licensing.licenseFile)
              .map((s) => [s.import, s.licenseFile!])
          )
        }
      })
    )
  }
  for (const spec of assembly.archives) {
    artifacts.push(
      await writeArchive(
        spec,
        {
          workspace: assembly.workspace,
          version,
          epoch,
          outDir: staging,
          exclude: [],
          licenseFile: licensing.licenseFile
        },
        assembly.archiveFiles.get(spec.name)
      )
    )
  }
  if (script !== undefined) artifacts.push(await writeInstallVerify(staging, script, scriptOptions))
  // The precompiled files were needed for the bundle (and wheels and conda packages); ship them only if asked.
  if (!formats.has('mojoc')) for (const p of packages) await fs.rm(path.join(staging, p.file))
  for (const a of artifacts) core.info(`${untrusted(a.file)}  ${a.size} bytes  sha256 ${a.sha256}`)
  await writeChecksums(staging, artifacts)
  const { externals } = assembly
  await writeManifest(staging, { mojo, version, artifacts, externals })
  const guide = { name: assembly.name, version, mojo, artifacts, symbols, externals }
  await writeInstallGuide(staging, { ...guide, changes: assembly.changelog })
  await promoteStaging(staging, assembly.outputDir)
  return artifacts
}
