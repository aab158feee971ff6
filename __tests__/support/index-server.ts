/**
 * A local package index serving the real compiler wheels from the wheel cache: PEP 691 JSON or PEP 503
 * HTML (by the Accept header) on 127.0.0.1, or written as a file:// folder. Both list each file's sha256.
 * The server counts requests per path and can serve a tampered file or list a yanked one.
 */
import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { ensureWheels, type Wheel } from './wheels.js'

export interface IndexOptions {
  /** Compiler versions to list (wheels are fetched into the wheel cache when missing). */
  versions: string[]
  /** File names listed as yanked, with the reason. */
  yanked?: Record<string, string>
  /** File names served with wrong bytes (the index still lists the real sha256). */
  tampered?: string[]
  /** Serve PEP 658 metadata (`<file>.metadata`) and advertise it. Default true. */
  metadata?: boolean
}

export interface IndexServer {
  /** The simple index root, `http://127.0.0.1:PORT/simple/`. */
  url: string
  /** Requests per URL path. */
  requests: Map<string, number>
  /** How many wheel downloads were served. */
  wheelRequests(): number
  close(): Promise<void>
}

const sidecars = new Map<string, Buffer>()

/** `compute()` for a wheel, cached beside it as `<wheel><suffix>` so the wheel is read once per machine. */
function sidecar(file: string, suffix: string, compute: () => Buffer): Buffer {
  const target = `${file}${suffix}`
  let bytes = sidecars.get(target)
  if (!bytes && fs.existsSync(target) && fs.statSync(target).mtimeMs >= fs.statSync(file).mtimeMs) {
    bytes = fs.readFileSync(target)
  }
  if (!bytes) {
    bytes = compute()
    // Renamed into place: parallel test workers may read the sidecar while another writes it.
    fs.writeFileSync(`${target}.tmp-${process.pid}`, bytes)
    fs.renameSync(`${target}.tmp-${process.pid}`, target)
  }
  sidecars.set(target, bytes)
  return bytes
}

/** A wheel's sha256 (hex): hashing 90 MB is what the sidecar saves. */
function sha256(file: string): string {
  const hash = (): Buffer =>
    Buffer.from(crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex'))
  return sidecar(file, '.sha256', hash).toString().trim()
}

// Python's zipfile (python3 already fetches the wheels) reads the wheel independently of the action's own
// unzip code, and synchronously, so the pages stay plain functions.
const READ_METADATA = [
  'import re, sys, zipfile',
  'wheel = zipfile.ZipFile(sys.argv[1])',
  "[name] = [n for n in wheel.namelist() if re.fullmatch(r'[^/]+\\.dist-info/METADATA', n)]",
  'sys.stdout.buffer.write(wheel.read(name))'
].join('\n')

/** The wheel's own `.dist-info/METADATA` bytes, as a PEP 658 index serves them; the sidecar is that file. */
function metadataOf(wheel: Wheel): Buffer {
  return sidecar(wheel.path, '.metadata', () => execFileSync('python3', ['-c', READ_METADATA, wheel.path]))
}

function metadataHash(wheel: Wheel): string {
  return crypto.createHash('sha256').update(metadataOf(wheel)).digest('hex')
}

interface Listing {
  wheels: Wheel[]
  byProject: Map<string, Wheel[]>
}

function listing(versions: string[]): Listing {
  const wheels = versions.flatMap((v) => ensureWheels(v))
  const byProject = new Map<string, Wheel[]>()
  for (const wheel of wheels) byProject.set(wheel.project, [...(byProject.get(wheel.project) ?? []), wheel])
  return { wheels, byProject }
}

function jsonPage(
  project: string,
  wheels: Wheel[],
  href: (w: Wheel) => string,
  options: IndexOptions
): string {
  return JSON.stringify({
    meta: { 'api-version': '1.1' },
    name: project,
    files: wheels.map((w) => ({
      filename: w.file,
      url: href(w),
      hashes: { sha256: sha256(w.path) },
      yanked: options.yanked?.[w.file] ?? false,
      ...(options.metadata !== false ? { 'core-metadata': { sha256: metadataHash(w) } } : {})
    }))
  })
}

function htmlPage(wheels: Wheel[], href: (w: Wheel) => string, options: IndexOptions): string {
  const links = wheels.map((w) => {
    const yanked = options.yanked?.[w.file]
    const attrs = [
      `href="${href(w)}#sha256=${sha256(w.path)}"`,
      yanked !== undefined ? `data-yanked="${yanked}"` : '',
      options.metadata !== false ? `data-core-metadata="sha256=${metadataHash(w)}"` : ''
    ]
    return `    <a ${attrs.filter(Boolean).join(' ')}>${w.file}</a><br/>`
  })
  return `<!DOCTYPE html>\n<html>\n  <body>\n${links.join('\n')}\n  </body>\n</html>\n`
}

export async function startIndexServer(options: IndexOptions): Promise<IndexServer> {
  const { wheels, byProject } = listing(options.versions)
  const requests = new Map<string, number>()
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    requests.set(url.pathname, (requests.get(url.pathname) ?? 0) + 1)
    const page = /^\/simple\/([^/]+)\/$/.exec(url.pathname)
    if (page) {
      const project = byProject.get(page[1])
      if (!project) return void res.writeHead(404).end('no such project')
      const href = (w: Wheel): string => `../../files/${w.file}`
      if (String(req.headers.accept).includes('application/vnd.pypi.simple.v1+json')) {
        res.writeHead(200, { 'content-type': 'application/vnd.pypi.simple.v1+json' })
        return void res.end(jsonPage(page[1], project, href, options))
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      return void res.end(htmlPage(project, href, options))
    }
    const file = /^\/files\/([^/]+?)(\.metadata)?$/.exec(url.pathname)
    const wheel = file && wheels.find((w) => w.file === file[1])
    if (!wheel) return void res.writeHead(404).end('not found')
    if (file[2]) return void res.writeHead(200, { 'content-type': 'text/plain' }).end(metadataOf(wheel))
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': fs.statSync(wheel.path).size
    })
    const stream = fs.createReadStream(wheel.path)
    if (!options.tampered?.includes(wheel.file)) return void stream.pipe(res)
    let first = true
    stream.on('data', (chunk) => {
      if (typeof chunk === 'string') throw new Error('expected bytes')
      if (first) chunk[chunk.length - 1] ^= 0xff // same length, different bytes
      first = false
      res.write(chunk)
    })
    stream.on('end', () => res.end())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/simple/`,
    requests,
    wheelRequests: () =>
      [...requests]
        .filter(([p]) => p.startsWith('/files/') && p.endsWith('.whl'))
        .reduce((n, [, c]) => n + c, 0),
    close: () => new Promise((resolve) => server.close(() => resolve()))
  }
}

/**
 * Writes a file:// index into `dir`: `simple/<project>/index.html` (or index.json) linking the wheels
 * in the wheel cache by absolute file:// URL. Returns the URL of `dir` (the folder above `simple`).
 */
export function writeFileIndex(
  dir: string,
  indexOptions: IndexOptions & { format?: 'html' | 'json' }
): string {
  // Advertises no metadata (though a `.metadata` sidecar may sit beside a wheel) so the installer's other
  // path, reading METADATA out of the downloaded wheel, stays tested.
  const options = { ...indexOptions, metadata: false }
  const { byProject } = listing(options.versions)
  const href = (w: Wheel): string => pathToFileURL(w.path).href
  for (const [project, wheels] of byProject) {
    const folder = path.join(dir, 'simple', project)
    fs.mkdirSync(folder, { recursive: true })
    const json = options.format === 'json'
    const text = json ? jsonPage(project, wheels, href, options) : htmlPage(wheels, href, options)
    const target = path.join(folder, json ? 'index.json' : 'index.html')
    fs.writeFileSync(`${target}.tmp-${process.pid}`, text)
    fs.renameSync(`${target}.tmp-${process.pid}`, target)
  }
  return pathToFileURL(dir).href
}
