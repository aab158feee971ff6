/**
 * The "simple" package index: PEP 691 JSON when the index offers it, PEP 503 HTML otherwise.
 * A file:// index is a folder holding `<project>/index.json` or `<project>/index.html`
 * (the index URL may name the `simple` folder or the folder above it).
 */
import { ToolchainError } from '../errors.js'
import { normaliseProject } from '../requirement.js'
import { open, readText } from './fetch.js'

export const PYPI_INDEX = 'https://pypi.org/simple/'
export const NIGHTLY_INDEX = 'https://whl.modular.com/nightly/simple/'

export interface IndexFile {
  filename: string
  /** Absolute URL, without the hash fragment. */
  url: string
  sha256?: string
  /** The reason ('' when none given) when the file is yanked (PEP 592). */
  yanked?: string
  /** PEP 658/714: the index serves the wheel's METADATA at `<url>.metadata`; its sha256 when known. */
  metadata?: { sha256?: string }
}

const ACCEPT =
  'application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01'

function hashOf(hashes: unknown): string | undefined {
  const sha = (hashes as { sha256?: unknown } | undefined)?.sha256
  return typeof sha === 'string' ? sha.toLowerCase() : undefined
}

function metadataOf(value: unknown): IndexFile['metadata'] {
  if (value === true) return {}
  if (value && typeof value === 'object') return { sha256: hashOf(value) }
  return undefined
}

/** Files of a PEP 691 JSON project page. */
export function parseJsonPage(text: string, pageUrl: string): IndexFile[] {
  let page: { files?: unknown }
  try {
    page = JSON.parse(text)
  } catch {
    throw new ToolchainError(`the index page ${pageUrl} is not valid JSON; check index-url.`)
  }
  if (!Array.isArray(page.files)) throw new ToolchainError(`the index page ${pageUrl} has no 'files' list.`)
  return page.files.map((entry: Record<string, unknown>) => {
    const url = new URL(String(entry.url), pageUrl)
    const fragment = hashFromFragment(url.hash)
    url.hash = ''
    const yanked = entry.yanked
    return {
      filename: String(entry.filename),
      url: url.href,
      sha256: hashOf(entry.hashes) ?? fragment,
      yanked: yanked === true ? '' : typeof yanked === 'string' && yanked !== '' ? yanked : undefined,
      metadata: metadataOf(
        entry['core-metadata'] ?? entry['data-dist-info-metadata'] ?? entry['dist-info-metadata']
      )
    }
  })
}

function hashFromFragment(hash: string): string | undefined {
  return /^#sha256=([0-9a-fA-F]{64})$/.exec(hash)?.[1].toLowerCase()
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, code: string) => {
    const lower = code.toLowerCase()
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16))
    if (lower.startsWith('#')) return String.fromCodePoint(parseInt(lower.slice(1), 10))
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[lower] ?? ''
  })
}

function attributes(tag: string): Map<string, string> {
  const attrs = new Map<string, string>()
  for (const m of tag.matchAll(
    /([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g
  )) {
    attrs.set(m[1].toLowerCase(), decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''))
  }
  return attrs
}

/** Files of a PEP 503 HTML project page: one `<a href="...#sha256=...">filename</a>` per file. */
export function parseHtmlPage(html: string, pageUrl: string): IndexFile[] {
  const files: IndexFile[] = []
  for (const m of html.matchAll(/<a\s([^>]*)>([\s\S]*?)<\/a>/gi)) {
    const attrs = attributes(m[1])
    const href = attrs.get('href')
    if (!href) continue
    const url = new URL(href, pageUrl)
    const sha256 = hashFromFragment(url.hash)
    url.hash = ''
    const metadata = attrs.get('data-core-metadata') ?? attrs.get('data-dist-info-metadata')
    files.push({
      filename: decodeEntities(m[2].replace(/<[^>]*>/g, '')).trim(),
      url: url.href,
      sha256,
      yanked: attrs.get('data-yanked'),
      metadata:
        metadata === undefined || metadata === 'false'
          ? undefined
          : { sha256: /^sha256=([0-9a-fA-F]{64})$/.exec(metadata)?.[1].toLowerCase() }
    })
  }
  return files
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`
}

/** Where a project's page may be: `<index>/<project>/`, and for file:// the page files inside it. */
function pageCandidates(indexUrl: string, project: string): string[] {
  const base = withSlash(indexUrl)
  if (!base.startsWith('file:')) return [new URL(`${project}/`, base).href]
  return [base, new URL('simple/', base).href].flatMap((root) =>
    ['index.json', 'index.html'].map((page) => new URL(`${project}/${page}`, root).href)
  )
}

/**
 * The schemes an index's pages may send the action to: never down from https, and file:// only from a
 * file:// index (a file:// link on a remote page would have the action read this machine's files).
 */
const LINKABLE: Record<string, string[]> = {
  'https:': ['https:'],
  'http:': ['http:', 'https:'],
  'file:': ['file:', 'http:', 'https:']
}

/** `files` when every URL is one the index may link to; a ToolchainError naming the first that is not. */
export function checkLinks(indexUrl: string, files: IndexFile[]): IndexFile[] {
  const allowed = LINKABLE[new URL(indexUrl).protocol] ?? []
  const bad = files.find((file) => !allowed.includes(new URL(file.url).protocol))
  if (bad) {
    throw new ToolchainError(
      `the index ${indexUrl} lists ${bad.filename} at ${bad.url}; a page of this index may only link ${allowed.map((s) => `${s}//`).join(' or ')} URLs, so it was refused. Check index-url: the index or a proxy in front of it is misconfigured or hostile.`
    )
  }
  return files
}

/** Lists a project's files on an index. */
export async function listFiles(indexUrl: string, project: string): Promise<IndexFile[]> {
  const name = normaliseProject(project)
  for (const pageUrl of pageCandidates(indexUrl, name)) {
    const page = await open(pageUrl, { accept: ACCEPT })
    if (!page) continue
    const text = await readText(page)
    const files = page.contentType.endsWith('json')
      ? parseJsonPage(text, pageUrl)
      : parseHtmlPage(text, pageUrl)
    return checkLinks(indexUrl, files)
  }
  throw new ToolchainError(
    `the index ${indexUrl} has no project '${name}'; set index-url to a PEP 503/691 simple index that holds it (e.g. ${PYPI_INDEX}).`
  )
}
