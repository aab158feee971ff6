/** Reading from an index: https/http through @actions/http-client (proxies, retries), file:// from disk. */
import fs from 'node:fs'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { HttpClient } from '@actions/http-client'
import { ToolchainError } from '../errors.js'

export interface Fetched {
  body: Readable
  /** Media type without parameters, lower case ('' when the source says nothing). */
  contentType: string
}

// A stalled connection fails after two idle minutes instead of holding the job until its timeout.
const client = new HttpClient('mojo-package-action', [], {
  allowRetries: true,
  maxRetries: 3,
  socketTimeout: 120_000
})

/** Opens a URL for reading; undefined when it does not exist (HTTP 404/410, missing file). */
export async function open(url: string, accept?: string): Promise<Fetched | undefined> {
  const parsed = new URL(url)
  if (parsed.protocol === 'file:') {
    const file = fileURLToPath(parsed)
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return undefined
    const contentType = file.endsWith('.json')
      ? 'application/vnd.pypi.simple.v1+json'
      : file.endsWith('.html')
        ? 'text/html'
        : ''
    return { body: fs.createReadStream(file), contentType }
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new ToolchainError(`cannot read '${url}': index-url must be an https://, http:// or file:// URL.`)
  }
  let response
  try {
    response = await client.get(url, accept ? { accept } : {})
  } catch (error) {
    throw new ToolchainError(`cannot reach ${url}: ${error instanceof Error ? error.message : error}`)
  }
  const status = response.message.statusCode ?? 0
  if (status === 404 || status === 410) {
    response.message.resume()
    return undefined
  }
  if (status < 200 || status >= 300) {
    response.message.resume()
    throw new ToolchainError(
      `${url} answered HTTP ${status}; check index-url, or retry if the index is down.`
    )
  }
  const type = String(response.message.headers['content-type'] ?? '')
  return { body: response.message, contentType: type.split(';')[0].trim().toLowerCase() }
}

export async function readBytes(fetched: Fetched): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of fetched.body) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

export async function readText(fetched: Fetched): Promise<string> {
  return (await readBytes(fetched)).toString('utf8')
}
