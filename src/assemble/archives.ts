/**
 * The `archives` input: workspace files packed reproducibly as `NAME-VERSION.tar.gz` or `.zip`, with the
 * workspace's license file at the root when the patterns do not take it already.
 */
import path from 'node:path'
import type { ArchiveSpec } from '../inputs/inputs.js'
import type { Artifact } from '../types.js'
import { collectFiles, type SourceFile } from './collect.js'
import { fileDigest } from '../digest.js'
import { diskFile, layout, type Entry, type LayoutFile } from './layout.js'

export interface ArchiveOptions {
  workspace: string
  /** The workspace's version: archives are `NAME-VERSION.<format>` with entries under `NAME-VERSION/`. */
  version: string
  /** From `sourceDateEpoch`. */
  epoch: number
  outDir: string
  /** Folders never archived besides `.git` (the output folder, a staging folder inside the workspace). */
  exclude: string[]
  /** The workspace's license file (absolute), added when the patterns do not take it. */
  licenseFile?: string
}

/** Writes entries as tar.gz or zip, and records the result as an Artifact of `kind`. */
export async function writeEntries(
  entries: Entry[],
  target: { kind: Artifact['kind']; name: string; version: string; format: ArchiveSpec['format'] },
  outDir: string,
  epoch: number
): Promise<Artifact> {
  const file = `${target.name}-${target.version}.${target.format}`
  // Loaded when writing: a setup step reads the archives input (prepare) but never packs one.
  const write =
    target.format === 'zip' ? (await import('./zip.js')).writeZip : (await import('./tar-gz.js')).writeTarGz
  await write(path.join(outDir, file), entries, epoch)
  return {
    kind: target.kind,
    name: target.name,
    version: target.version,
    file,
    ...(await fileDigest(path.join(outDir, file)))
  }
}

/** The files each archive takes, by archive name: run before the download, so a bad pattern fails early. */
export async function collectArchives(
  specs: ArchiveSpec[],
  options: Pick<ArchiveOptions, 'workspace' | 'exclude'>
): Promise<Map<string, SourceFile[]>> {
  const collected = new Map<string, SourceFile[]>()
  for (const spec of specs) collected.set(spec.name, await collectArchive(spec, options))
  return collected
}

function collectArchive(spec: ArchiveSpec, options: Pick<ArchiveOptions, 'workspace' | 'exclude'>) {
  return collectFiles(spec.patterns, {
    workspace: options.workspace,
    exclude: options.exclude,
    archive: spec.name
  })
}

/** Packs `files` (by default, what the patterns take now) into the archive. */
export async function writeArchive(
  spec: ArchiveSpec,
  options: ArchiveOptions,
  files?: SourceFile[]
): Promise<Artifact> {
  files ??= await collectArchive(spec, options)
  const root = `${spec.name}-${options.version}`
  const taken: LayoutFile[] = files.map((f) => ({
    path: f.path,
    mode: f.mode,
    size: f.size,
    source: { file: f.abs }
  }))
  const license = await licenseOf(taken, options)
  const entries = layout(root, license?.added ? [...taken, license.added] : taken)
  const target = { kind: 'archive' as const, name: spec.name, version: options.version, format: spec.format }
  const artifact = await writeEntries(entries, target, options.outDir, options.epoch)
  return {
    ...artifact,
    contents: entries.map((e) => e.path),
    licenses: license ? [`${root}/${license.at}`] : undefined
  }
}

/** Where the workspace's license file lies in the archive: where a pattern put it, else added at the root. */
async function licenseOf(
  files: LayoutFile[],
  options: Pick<ArchiveOptions, 'workspace' | 'licenseFile'>
): Promise<{ at: string; added?: LayoutFile } | undefined> {
  if (options.licenseFile === undefined) return undefined
  const rel = path.relative(options.workspace, options.licenseFile).split(path.sep).join('/')
  const name = path.basename(options.licenseFile)
  const taken = files.find((f) => f.path === rel || f.path === name)
  return taken ? { at: taken.path } : { at: name, added: await diskFile(name, options.licenseFile) }
}
