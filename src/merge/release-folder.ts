/**
 * Writes the merged release into a staging folder of the merge's own (later moved into place whole):
 * the cells' files where the plan puts them, the channel's repodata, INSTALL.md, install_verify.sh,
 * then manifest.json and SHA256SUMS over every file written.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import { CHECKSUMS_FILE, checksumLines } from '../assemble/checksums.js'
import { installVerifyScript, INSTALL_VERIFY } from '../assemble/install-verify-script.js'
import { diskFile, layout } from '../assemble/layout.js'
import { MANIFEST_FILE } from '../assemble/manifest.js'
import { writeTarGz } from '../assemble/tar-gz.js'
import { fileDigest } from '../digest.js'
import { writeAtomically, writeFileAtomic } from '../workspace-files.js'
import { channelRecord, writeRepodata, type ChannelRecord } from './channel.js'
import type { EarlierChannel } from './earlier-channel.js'
import { renderMergeGuide } from './merge-guide.js'
import { CHANNEL_DIR, compilerDir, type MergePlan, type ReleaseFile } from './merge-plan.js'
import type { MergeCheck } from './merge-verify.js'

interface WrittenRelease {
  records: ChannelRecord[]
  /** Conda package names and versions: the summary's rows. */
  packages: Array<{ name: string; version: string }>
  /** Conda package name -> what its check imports. */
  imports: Map<string, string[]>
}

async function copyInto(staging: string, file: ReleaseFile): Promise<void> {
  const target = path.join(staging, file.file)
  await fs.mkdir(path.dirname(target), { recursive: true })
  await writeAtomically(target, (temp) => fs.copyFile(file.from, temp, fs.constants.COPYFILE_EXCL))
}

/** Every file under `dir`, `/`-separated and sorted. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort()
}

/**
 * `mojo-<version>.tar.gz` of each compiler's folder: a GitHub release is flat, and a .mojoc or a wheel
 * has one name for every compiler, so each compiler's files reach it as one archive of a name of its own.
 * Stamped with the packages' own time, so the same cells give the same bytes.
 */
async function writeCompilerArchives(staging: string, plan: MergePlan, epoch: number): Promise<void> {
  for (const mojo of plan.compilers) {
    const root = compilerDir(mojo)
    const files = await Promise.all(
      plan.files
        .filter((f) => f.file.startsWith(`${root}/`))
        .map(async (f) => ({
          ...(await diskFile(f.file.slice(root.length + 1), path.join(staging, f.file))),
          mode: f.kind === 'script' ? 0o755 : 0o644
        }))
    )
    await writeTarGz(path.join(staging, `${root}.tar.gz`), layout(root, files), epoch)
  }
}

/**
 * Writes everything but manifest.json and SHA256SUMS (they follow the verification). The packages of
 * `earlier` releases are already in the channel folder: the repodata lists them too.
 */
export async function writeRelease(
  staging: string,
  plan: MergePlan,
  channelUrl: string | undefined,
  earlier?: EarlierChannel
): Promise<WrittenRelease> {
  for (const file of plan.files) await copyInto(staging, file)
  const condaFiles = plan.files.filter((f) => f.kind === 'conda')
  const records = await Promise.all(condaFiles.map((f) => channelRecord(path.join(staging, f.file))))
  await writeRepodata(path.join(staging, CHANNEL_DIR), [...records, ...(earlier?.records ?? [])])
  await writeCompilerArchives(staging, plan, Math.max(0, ...records.map((r) => r.timestamp)) / 1000)
  const packages = [
    ...new Map(records.map((r) => [r.name, { name: r.name, version: r.version }])).values()
  ].sort((a, b) => (a.name < b.name ? -1 : 1))
  const imports = new Map(
    records.map((r) => {
      const f = condaFiles.find((c) => c.file.endsWith(`/${r.file}`))!
      return [r.name, f.import ? [f.import] : (f.contents ?? [])]
    })
  )
  const wheels = [
    ...new Set(plan.files.filter((f) => f.kind === 'wheel' && f.mojo === plan.wheelsMojo).map((f) => f.name))
  ]
  await writeFileAtomic(
    path.join(staging, 'INSTALL.md'),
    renderMergeGuide({ plan, packages, wheels, channelUrl, earlier })
  )
  const packageImports = [
    ...new Set(plan.files.filter((f) => f.kind === 'package' && f.import).map((f) => f.import!))
  ]
  if (packageImports.length > 0) {
    const script = installVerifyScript({
      name: packages.map((p) => p.name).join(', '),
      version: plan.version,
      imports: packageImports
    })
    await writeFileAtomic(path.join(staging, INSTALL_VERIFY), script, 0o755)
  }
  return { records, packages, imports }
}

/** What a file the merge wrote itself is (the cells' files have their kind in the plan). */
function kindOf(file: string): string {
  if (file.startsWith(`${CHANNEL_DIR}/`)) return file.endsWith('.conda') ? 'earlier-conda' : 'repodata'
  if (file.endsWith('.tar.gz')) return 'archive'
  return file === INSTALL_VERIFY ? 'script' : 'guide'
}

/** manifest.json, then SHA256SUMS over every file of the release; returns the release's files. */
export async function sealRelease(
  staging: string,
  plan: MergePlan,
  checks: MergeCheck[] | undefined
): Promise<string[]> {
  const byPath = new Map(plan.files.map((f) => [f.file, f]))
  const entries = await Promise.all(
    (await filesUnder(staging)).map(async (file) => ({
      file,
      ...(await fileDigest(path.join(staging, file)))
    }))
  )
  const manifest = {
    version: plan.version,
    mojo: plan.compilers,
    'wheels-mojo': plan.wheelsMojo,
    cells: plan.cells,
    files: entries.map((e) => {
      const planned = byPath.get(e.file)
      return {
        file: e.file,
        kind: planned?.kind ?? kindOf(e.file),
        ...(planned ? { name: planned.name, version: planned.version, mojo: planned.mojo } : {}),
        sha256: e.sha256,
        size: e.size,
        ...(planned && planned.kind !== 'guide'
          ? { platforms: planned.platforms, verified: planned.verified, failures: planned.failures }
          : {})
      }
    }),
    ...(checks ? { checks } : {})
  }
  await writeFileAtomic(path.join(staging, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`)
  const manifestDigest = await fileDigest(path.join(staging, MANIFEST_FILE))
  await writeFileAtomic(
    path.join(staging, CHECKSUMS_FILE),
    checksumLines([...entries, { file: MANIFEST_FILE, sha256: manifestDigest.sha256 }])
  )
  return [...entries.map((e) => e.file), MANIFEST_FILE, CHECKSUMS_FILE].sort()
}
