/**
 * Reading from an index: https/http with deadlines (http-get.ts) and retries that back off in seconds,
 * file:// from disk.
 */
import fs from 'node:fs'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import * as core from '@actions/core'
import { IndexTimeoutError, ToolchainError } from '../errors.js'
import { untrusted, withoutCredentials } from '../log.js'
import { httpGet, type Limits, type Response } from './http-get.js'

export type { Limits } from './http-get.js'

interface Fetched {
  body: Readable
  /** Media type without parameters, lower case ('' when the source says nothing). */
  contentType: string
  /** Bytes the body will hold, when the source says. */
  size?: number
}

/**
 * An index page or a METADATA file: a few hundred kB at most, so a minute is generous even for a slow
 * mirror, and 30 s without headers or without a byte means the server is stuck, not slow.
 */
const PAGE_LIMITS: Limits = { headersMs: 30_000, idleMs: 30_000, totalMs: 60_000 }
/** A compiler wheel (~100 MB): 15 minutes is ~110 kB/s, slower than any runner's network that works. */
export const DOWNLOAD_LIMITS: Limits = { headersMs: 30_000, idleMs: 30_000, totalMs: 15 * 60_000 }

interface RetryPolicy {
  /** The waits before each retry (so retries = their count), each varied by up to ±20 % at random. */
  delaysMs: number[]
  /** The longest Retry-After honoured. */
  maxRetryAfterMs: number
}

/** Long enough for a restarting server or a rate limit, short enough to stay within a job. */
export const RETRY: RetryPolicy = { delaysMs: [1_000, 4_000, 10_000], maxRetryAfterMs: 60_000 }

/** Connection failures that a later attempt may not meet; a wrong host name (ENOTFOUND) is not one. */
const TRANSIENT = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH'
])

interface OpenOptions {
  accept?: string
  limits?: Limits
  retry?: RetryPolicy
}

/**
 * The wait before retry `n` (from 0): the policy's delay with jitter, or the server's Retry-After
 * (seconds or a date) when that is longer, up to the cap.
 */
export function retryDelay(
  n: number,
  retryAfter: string | undefined,
  policy: RetryPolicy,
  random: () => number = Math.random,
  now: number = Date.now()
): number {
  const jittered = Math.round(policy.delaysMs[n] * (0.8 + 0.4 * random()))
  const asked = !retryAfter
    ? 0
    : /^\d+$/.test(retryAfter.trim())
      ? Number(retryAfter) * 1000
      : (Date.parse(retryAfter) || now) - now
  return Math.max(jittered, Math.min(asked, policy.maxRetryAfterMs))
}

/** Opens a URL for reading; undefined when it does not exist (HTTP 404/410, missing file). */
export async function open(url: string, options: OpenOptions = {}): Promise<Fetched | undefined> {
  const parsed = new URL(url)
  if (parsed.protocol === 'file:') return openFile(parsed)
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new ToolchainError(`cannot read '${url}': index-url must be an https://, http:// or file:// URL.`)
  }
  const response = await getWithRetries(url, options)
  const status = response.status
  if (status === 404 || status === 410) {
    response.body.destroy()
    return undefined
  }
  if (status < 200 || status >= 300) {
    response.body.destroy()
    throw new ToolchainError(
      `${url} answered HTTP ${status}; check index-url, or retry if the index is down.`
    )
  }
  const type = String(response.headers['content-type'] ?? '')
  const length = Number(response.headers['content-length'])
  return {
    body: response.body,
    contentType: type.split(';')[0].trim().toLowerCase(),
    ...(Number.isSafeInteger(length) && length > 0 ? { size: length } : {})
  }
}

function openFile(url: URL): Fetched | undefined {
  const file = fileURLToPath(url)
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return undefined
  const contentType = file.endsWith('.json')
    ? 'application/vnd.pypi.simple.v1+json'
    : file.endsWith('.html')
      ? 'text/html'
      : ''
  return { body: fs.createReadStream(file), contentType, size: fs.statSync(file).size }
}

const retryableStatus = (status: number): boolean => status === 429 || status >= 500

const transient = (error: unknown): boolean =>
  error instanceof IndexTimeoutError || TRANSIENT.has((error as NodeJS.ErrnoException).code ?? '')

/** An error's message; not `instanceof Error`, which fails for errors of Node's own realm under jest. */
const messageOf = (error: unknown): string => (error as Error | undefined)?.message ?? String(error)

function unreachable(url: string, error: unknown): ToolchainError {
  if (error instanceof ToolchainError) return error
  return new ToolchainError(
    `cannot reach ${url}: ${messageOf(error)}; check index-url, or retry if the index is down.`
  )
}

/**
 * GETs `url`, retrying 5xx, 429, connection failures and missing response headers. Only up to the
 * response headers: once a body is being read, a failure is the caller's to report.
 */
async function getWithRetries(url: string, options: OpenOptions): Promise<Response> {
  const policy = options.retry ?? RETRY
  const headers = {
    'user-agent': 'mojo-package-action',
    ...(options.accept ? { accept: options.accept } : {})
  }
  for (let n = 0; ; n++) {
    const last = n === policy.delaysMs.length
    let wait: number
    let reason: string
    try {
      const response = await httpGet(url, headers, options.limits ?? PAGE_LIMITS)
      if (last || !retryableStatus(response.status)) return response
      response.body.destroy()
      wait = retryDelay(n, response.headers['retry-after'], policy)
      reason = `HTTP ${response.status}`
    } catch (error) {
      if (last || !transient(error)) throw unreachable(url, error)
      wait = retryDelay(n, undefined, policy)
      reason = messageOf(error)
    }
    core.info(untrusted(withoutCredentials(`${url}: ${reason}; retrying in ${(wait / 1000).toFixed(1)} s`)))
    await new Promise((resolve) => setTimeout(resolve, wait))
  }
}

export async function readBytes(fetched: Fetched): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of fetched.body) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

export async function readText(fetched: Fetched): Promise<string> {
  return (await readBytes(fetched)).toString('utf8')
}
