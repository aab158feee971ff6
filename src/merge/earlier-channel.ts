/**
 * The earlier releases of the channel (input `channel-url`). GitHub Pages serves its last deployment
 * only, so each release's channel must carry every package the served channel already holds, or a user
 * pinned to an earlier version (`pixi add "mylib==0.1.0"`) breaks at the next release. Before the
 * channel is written, each subdir's repodata.json is read from the URL; every package there that this
 * release does not build is downloaded (the toolchain's HTTP client: deadlines, retries), checked
 * against the sha256 that repodata lists, and kept with its record, read from the package itself as
 * the merge reads its own. A name this release builds with other bytes is refused: a published build
 * is never replaced. The served repodata is untrusted: each name must be a plain `.conda` file name.
 */
import * as core from '@actions/core'
import fs from 'node:fs/promises'
import path from 'node:path'
import { ActionError, BuildError, InputError } from '../errors.js'
import { untrusted, withoutCredentials } from '../log.js'
import { isFetchableUrl } from '../inputs/parse.js'
import { downloadVerified } from '../toolchain/download.js'
import { open, readText } from '../toolchain/fetch.js'
import { CHANNEL_SUBDIRS, channelRecord, type ChannelRecord } from './channel.js'
import { CHANNEL_DIR, type MergePlan } from './merge-plan.js'

/** A package the served channel lists: its subdir, file name and sha256. */
export interface ListedPackage {
  subdir: string
  file: string
  sha256: string
}

/** What the channel keeps of earlier releases; `records` undefined when nothing is served at `url`. */
export interface EarlierChannel {
  url: string
  records?: ChannelRecord[]
}

/**
 * The input's URL without a trailing `/`, or undefined when empty. https only (http and file:// for a
 * server on this machine, as the tests use), and no credentials: GitHub Pages needs none.
 */
export function channelUrlInput(value: string): string | undefined {
  if (value === '') return undefined
  const refuse = (why: string): InputError =>
    new InputError('channel-url', `'${untrusted(withoutCredentials(value))}' ${why}`)
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw refuse('is not a URL; give where the channel is served, e.g. https://OWNER.github.io/REPO.')
  }
  if (!isFetchableUrl(url)) throw refuse('is not an https:// URL.')
  if (url.username || url.password) throw refuse('holds credentials; the channel is read without any.')
  if (url.search || url.hash)
    throw refuse('has a query or fragment; give the folder the channel is served at.')
  return url.href.replace(/\/+$/, '')
}

/** A file name a channel may list: a plain `.conda` name, no path separator, no `..`, no control. */
const SAFE_FILE = /^[A-Za-z0-9_][A-Za-z0-9_.+!-]*\.conda$/
const SHA256 = /^[0-9a-f]{64}$/

/** The packages one subdir's repodata.json lists (pure); throws on anything but plain `.conda` names. */
export function listedPackages(subdir: string, text: string, url: string): ListedPackage[] {
  const bad = (why: string): BuildError =>
    new BuildError(
      `The earlier channel's ${untrusted(url)} ${why}; ` +
        'the merge keeps only what a channel it wrote lists. Fix or remove that file, or leave channel-url empty to start a new channel.'
    )
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    throw bad('is not JSON')
  }
  const listed: ListedPackage[] = []
  for (const key of ['packages', 'packages.conda']) {
    const packages = (data as Record<string, unknown> | null)?.[key] ?? {}
    if (typeof packages !== 'object' || Array.isArray(packages) || packages === null)
      throw bad(`has a '${key}' that is not an object`)
    for (const [file, record] of Object.entries(packages)) {
      if (!SAFE_FILE.test(file) || file.includes('..'))
        throw bad(`lists '${untrusted(file)}', which is not a plain .conda file name`)
      const sha256 = (record as { sha256?: unknown } | null)?.sha256
      if (typeof sha256 !== 'string' || !SHA256.test(sha256)) throw bad(`lists ${file} without a sha256`)
      listed.push({ subdir, file, sha256 })
    }
  }
  return listed
}

/**
 * The listed packages the new channel keeps (pure): all but those this release builds under the same
 * name, which must have the same bytes. `release`: this release's channel files, `subdir/file`.
 */
export function packagesToKeep(
  listed: ListedPackage[],
  release: ReadonlyMap<string, string>,
  url: string
): ListedPackage[] {
  const seen = new Set<string>()
  return listed.filter((p) => {
    const at = `${p.subdir}/${p.file}`
    if (seen.has(at)) throw new BuildError(`The earlier channel at ${untrusted(url)} lists ${at} twice.`)
    seen.add(at)
    const built = release.get(at)
    if (built === undefined) return true
    if (built === p.sha256) return false
    throw new BuildError(
      `This release builds ${at} with sha256 ${built}, but the channel at ${untrusted(url)} already ` +
        `publishes that file with sha256 ${p.sha256}: a published build is never replaced. ` +
        'Release a new version instead (a re-run of a release must build the same bytes).'
    )
  })
}

/** The subdir's listed packages; undefined when its repodata.json is not served (HTTP 404). */
async function readListed(url: string, subdir: string): Promise<ListedPackage[] | undefined> {
  const at = `${url}/${subdir}/repodata.json`
  let text: string | undefined
  try {
    const fetched = await open(at)
    text = fetched && (await readText(fetched))
  } catch (error) {
    throw new ActionError(`Reading the earlier channel (channel-url) failed: ${(error as Error).message}`)
  }
  return text === undefined ? undefined : listedPackages(subdir, text, at)
}

/** Downloads `p` into the channel folder, checked against its listed sha256; returns its record. */
async function keep(url: string, channel: string, p: ListedPackage): Promise<ChannelRecord> {
  const dir = path.join(channel, p.subdir)
  await fs.mkdir(dir, { recursive: true })
  const from = `${url}/${p.subdir}/${encodeURIComponent(p.file)}`
  try {
    const file = await downloadVerified(
      { filename: p.file, url: from, sha256: p.sha256 },
      dir,
      undefined,
      'The served file is not the one its repodata.json lists (a changed or half-deployed channel): retry once the deployment is complete, or restore the published file'
    )
    const record = await channelRecord(file)
    if (record.subdir !== p.subdir) throw new Error(`its info/index.json says subdir ${record.subdir}`)
    return record
  } catch (error) {
    throw new BuildError(
      `Keeping ${p.subdir}/${untrusted(p.file)} of the earlier channel at ${untrusted(url)} failed: ` +
        `${(error as Error).message.replace(/\.$/, '')}. A release never drops or changes a published package.`
    )
  }
}

/**
 * Reads the channel served at `url` and downloads into the release's channel folder every package
 * `plan` does not build; undefined without a `url`.
 */
export async function keepEarlierChannel(
  url: string | undefined,
  staging: string,
  plan: MergePlan
): Promise<EarlierChannel | undefined> {
  if (url === undefined) return undefined
  const channel = path.join(staging, CHANNEL_DIR)
  const release = new Map(
    plan.files.filter((f) => f.kind === 'conda').map((f) => [f.file.slice(CHANNEL_DIR.length + 1), f.sha256])
  )
  const noarch = await readListed(url, 'noarch')
  if (noarch === undefined) {
    core.info(
      untrusted(`No earlier channel at ${url} (noarch/repodata.json: HTTP 404): a new channel starts.`)
    )
    return { url }
  }
  const listed = [...noarch]
  for (const subdir of CHANNEL_SUBDIRS.filter((s) => s !== 'noarch'))
    listed.push(...((await readListed(url, subdir)) ?? []))
  const records: ChannelRecord[] = []
  for (const p of packagesToKeep(listed, release, url)) records.push(await keep(url, channel, p))
  core.info(untrusted(`Kept ${records.length} packages of earlier releases from ${url}.`))
  return { url, records }
}

/** The kept packages' paths in the release folder. */
export function earlierFiles(earlier: EarlierChannel | undefined): Set<string> {
  return new Set((earlier?.records ?? []).map((r) => `${CHANNEL_DIR}/${r.subdir}/${r.file}`))
}

/** One sentence for the summary and INSTALL.md: what the channel holds of earlier releases. */
export function describeEarlier(earlier: EarlierChannel | undefined): string {
  if (earlier === undefined)
    return 'The channel holds this release only (no `channel-url`): serving it replaces any earlier channel.'
  if (earlier.records === undefined)
    return `No earlier channel at ${earlier.url}: the channel starts with this release.`
  const n = earlier.records.length
  return (
    `The channel keeps ${n} package${n === 1 ? '' : 's'} of earlier releases from ${earlier.url}, ` +
    'each checked against the sha256 listed there, so an earlier version still installs.'
  )
}
