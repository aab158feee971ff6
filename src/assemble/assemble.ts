/**
 * The assemble stage: around the compiled packages in a staging folder it writes the bundle, the
 * archives, SHA256SUMS, manifest.json and INSTALL.md, then moves the complete folder into output-dir.
 */
import * as core from '@actions/core'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { ArchiveSpec } from '../inputs/inputs.js'
import type { SourceFile } from './collect.js'
import type { ExternalPackage } from '../project/externals.js'
import type { Artifact } from '../types.js'
import { writeArchive } from './archives.js'
import { writeBundle } from './bundle.js'
import { writeChecksums } from './checksums.js'
import { sourceDateEpoch } from './epoch.js'
import { writeInstallGuide } from './install-guide.js'
import { writeManifest } from './manifest.js'
import { promoteStaging } from './promote.js'
import { untrusted } from '../log.js'

export interface Release {
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
export async function assemble(release: Release, staging: string, packages: Artifact[]): Promise<Artifact[]> {
  const artifacts = [...packages]
  const epoch = await sourceDateEpoch(release.workspace)
  const { version, mojo, symbols } = release
  if (release.bundle !== '' && packages.length > 0) {
    artifacts.push(
      await writeBundle({
        name: release.bundle,
        version,
        packages,
        packagesDir: staging,
        outDir: staging,
        epoch,
        mojo,
        symbols
      })
    )
  }
  for (const spec of release.archives) {
    artifacts.push(
      await writeArchive(
        spec,
        { workspace: release.workspace, version, epoch, outDir: staging, exclude: [] },
        release.archiveFiles.get(spec.name)
      )
    )
  }
  for (const a of artifacts) core.info(`${untrusted(a.file)}  ${a.size} bytes  sha256 ${a.sha256}`)
  await writeChecksums(staging, artifacts)
  const { externals } = release
  await writeManifest(staging, { mojo, version, artifacts, externals })
  await writeInstallGuide(staging, { name: release.name, version, mojo, artifacts, symbols, externals })
  await promoteStaging(staging, release.outputDir)
  return artifacts
}
