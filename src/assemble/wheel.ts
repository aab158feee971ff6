/**
 * A Mojo package as a `py3-none-any` wheel that plain pip installs: the precompiled file at
 * `modular/lib/mojo/<import>.<format>` in the wheel's root (purelib, so straight into site-packages),
 * beside the standard library of the `mojo-compiler` the wheel pins exactly; the venv's `mojo` searches
 * there with no `-I`. A bundle is a wheel holding only its dist-info, requiring every package.
 */
import { createHash } from 'node:crypto'
import path from 'node:path'
import { fileDigest, type Digest } from '../digest.js'
import { BuildError } from '../errors.js'
import { wheelVersion } from '../package-version.js'
import { normaliseProject } from '../requirement.js'
import type { Distribution } from './distribution.js'
import type { Entry, EntrySource } from './layout.js'
import { writeZip } from './zip.js'

/** PEP 508 names: what pip and PyPI accept as a distribution name. */
const PROJECT_NAME = /^([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9])$/

/** The name and version as a wheel's file and dist-info folder spell them: `My.Lib` -> `my_lib`. */
function wheelId(name: string, version: string): { name: string; version: string } {
  if (!PROJECT_NAME.test(name)) {
    throw new BuildError(
      `Cannot write a wheel of '${name}': pip needs a name of letters, digits and '-', '_' or '.' ` +
        'between them; rename the package.'
    )
  }
  const normal = wheelVersion(version)
  if (normal === undefined) {
    throw new BuildError(
      `Cannot write a wheel of ${name}: its version '${version}' has no PEP 440 form for pip; ` +
        'use a release (0.1.0, 0.26.1.2) or a prerelease such as 1.0.0-beta.2, 1.0.0-rc.1 or 1.0.0b2.'
    )
  }
  return { name: normaliseProject(name).replace(/-/g, '_'), version: normal }
}

export function wheelFileName(dist: Distribution): string {
  const id = wheelId(dist.name, dist.version)
  return `${id.name}-${id.version}-py3-none-any.whl`
}

function distInfo(dist: Distribution): string {
  const id = wheelId(dist.name, dist.version)
  return `${id.name}-${id.version}.dist-info`
}

/** Where the license file lies in the wheel and, once installed, in site-packages (core metadata 2.4). */
export function wheelLicensePath(dist: Distribution): string | undefined {
  return dist.licenseFile && `${distInfo(dist)}/licenses/${path.basename(dist.licenseFile)}`
}

/** Core metadata 2.4: the exact compiler (a precompiled file loads in no other) and each dependency pinned. */
export function wheelMetadata(dist: Distribution): string {
  const requires = dist.requires
    .map((r) => ({ name: normaliseProject(r.name), version: wheelId(r.name, r.version).version }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const headers = [
    'Metadata-Version: 2.4',
    `Name: ${dist.name}`,
    `Version: ${wheelId(dist.name, dist.version).version}`,
    // Headers are one line each: a summary written over several lines is joined.
    ...(dist.summary ? [`Summary: ${dist.summary.trim().replace(/\s*\n\s*/g, ' ')}`] : []),
    ...(dist.license ? [`License-Expression: ${dist.license}`] : []),
    // Relative to the dist-info's licenses/ folder.
    ...(dist.licenseFile ? [`License-File: ${path.basename(dist.licenseFile)}`] : []),
    `Requires-Dist: mojo-compiler==${dist.mojo}`,
    ...requires.map((r) => `Requires-Dist: ${r.name}==${r.version}`),
    ...(dist.readme ? [`Description-Content-Type: ${dist.readme.contentType}`] : [])
  ]
  // The project stage refuses control characters in manifest text; a header that still holds a line
  // break would add headers of its own (Requires-Dist: ...), so the writer refuses it too.
  const broken = headers.find((h) => /[\r\n]/.test(h))
  if (broken !== undefined) {
    throw new BuildError(
      `${dist.name}: the wheel METADATA header ${JSON.stringify(broken)} holds a line break.`
    )
  }
  const text = headers.join('\n') + '\n'
  return dist.readme ? `${text}\n${dist.readme.text}` : text
}

const WHEEL_INFO = [
  'Wheel-Version: 1.0',
  'Generator: mojo-package-action',
  'Root-Is-Purelib: true',
  'Tag: py3-none-any',
  ''
].join('\n')

/** RECORD: `path,sha256=<urlsafe base64, no padding>,size` for each file, then RECORD itself unhashed. */
function wheelRecord(files: Array<{ path: string } & Digest>, record: string): string {
  const lines = files.map(
    (f) => `${f.path},sha256=${Buffer.from(f.sha256, 'hex').toString('base64url')},${f.size}`
  )
  return [...lines, `${record},,`, ''].join('\n')
}

type WheelFile = { path: string; source: EntrySource } & Digest

function textFile(filePath: string, text: string): WheelFile {
  const data = Buffer.from(text, 'utf8')
  return {
    path: filePath,
    source: { data },
    sha256: createHash('sha256').update(data).digest('hex'),
    size: data.length
  }
}

/** The precompiled file, where pip puts it relative to site-packages; none for a bundle. */
async function payload(dist: Distribution): Promise<WheelFile[]> {
  if (!dist.package) return []
  const { import: name, format, file } = dist.package
  return [{ path: `modular/lib/mojo/${name}.${format}`, source: { file }, ...(await fileDigest(file)) }]
}

async function licenseFiles(dist: Distribution): Promise<WheelFile[]> {
  const [at, file] = [wheelLicensePath(dist), dist.licenseFile]
  return at && file ? [{ path: at, source: { file }, ...(await fileDigest(file)) }] : []
}

/** Writes `<name>-<version>-py3-none-any.whl` into `outDir`, the same bytes on every rebuild; returns its path. */
export async function writeWheel(dist: Distribution, outDir: string): Promise<string> {
  const target = path.resolve(outDir, wheelFileName(dist))
  const info = distInfo(dist)
  // The dist-info goes last and RECORD last of all, as the wheel spec recommends.
  const files: WheelFile[] = [
    ...(await payload(dist)),
    textFile(`${info}/METADATA`, wheelMetadata(dist)),
    textFile(`${info}/WHEEL`, WHEEL_INFO),
    ...(await licenseFiles(dist))
  ]
  files.push(textFile(`${info}/RECORD`, wheelRecord(files, `${info}/RECORD`)))
  const entries: Entry[] = files.map((f) => ({
    type: 'file',
    path: f.path,
    mode: 0o644,
    size: f.size,
    source: f.source
  }))
  await writeZip(target, entries, dist.epoch)
  return target
}
