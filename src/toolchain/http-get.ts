/**
 * One HTTP(S) GET with deadlines that end it: a limit hit destroys the request and its socket (a
 * socket timeout alone only half-closes it, and a server that never answers keeps the process alive),
 * so the action fails with the limit named instead of waiting for the job's timeout.
 * Proxies come from the runner's https_proxy/no_proxy, through @actions/http-client's agent, which (with
 * undici under it, most of the bundle's bytes) loads only when such a variable is set: a setup step
 * without a proxy never parses it.
 */
import http from 'node:http'
import https from 'node:https'
import { PassThrough, type Readable } from 'node:stream'
import { IndexTimeoutError, ToolchainError } from '../errors.js'

export interface Limits {
  /** Connecting, sending the request and receiving the response headers (each redirect hop). */
  headersMs: number
  /** The longest pause between two chunks of the body. */
  idleMs: number
  /** The whole request, redirects and body included. */
  totalMs: number
}

export interface Response {
  status: number
  headers: http.IncomingHttpHeaders
  /** Fails with a ToolchainError naming the limit when the idle or total limit is hit. */
  body: Readable
}

const MAX_REDIRECTS = 5
// Fresh connections, never pooled: a destroyed request takes its socket with it.
const agents = { 'http:': new http.Agent(), 'https:': new https.Agent() }
/** The variables @actions/http-client reads a proxy from: with none set, no request is proxied. */
const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY']

/** The proxy's agent when the runner sets one for `url`, else a fresh-connection agent. */
async function agentFor(url: URL): Promise<http.Agent> {
  const direct = agents[url.protocol === 'https:' ? 'https:' : 'http:']
  if (!PROXY_VARIABLES.some((name) => process.env[name])) return direct
  const { getProxyUrl, HttpClient } = await import('@actions/http-client')
  return getProxyUrl(url.href) ? new HttpClient('mojo-package-action').getAgent(url.href) : direct
}

const seconds = (ms: number): string => `${ms / 1000} s`

/** GETs `url`, following redirects (never from https to http, never off http/https). */
export async function httpGet(
  url: string,
  headers: Record<string, string>,
  limits: Limits
): Promise<Response> {
  const deadline = Date.now() + limits.totalMs
  let current = new URL(url)
  for (let hop = 0; ; hop++) {
    const response = await request(current, headers, limits, deadline)
    const location = response.headers.location
    if (response.status < 300 || response.status >= 400 || location === undefined) return response
    response.body.destroy()
    if (hop === MAX_REDIRECTS) throw new ToolchainError(`${url} redirects more than ${MAX_REDIRECTS} times.`)
    const next = new URL(location, current)
    const downgrade = current.protocol === 'https:' && next.protocol !== 'https:'
    if (downgrade || (next.protocol !== 'http:' && next.protocol !== 'https:')) {
      throw new ToolchainError(
        `${current.href} redirects to ${next.href}, which the action refuses to follow.`
      )
    }
    current = next
  }
}

async function request(
  url: URL,
  headers: Record<string, string>,
  limits: Limits,
  deadline: number
): Promise<Response> {
  const agent = await agentFor(url)
  return new Promise((resolve, reject) => {
    const secure = url.protocol === 'https:'
    const req = (secure ? https : http).get(url, { headers, agent })
    const headersTimer = setTimeout(
      () =>
        req.destroy(
          new IndexTimeoutError(
            `${url.href} did not answer within ${seconds(limits.headersMs)} (connection and response headers); check index-url, or retry if the index is down.`
          )
        ),
      Math.min(limits.headersMs, deadline - Date.now())
    )
    req.on('error', (error) => {
      clearTimeout(headersTimer)
      reject(error)
    })
    req.on('response', (message) => {
      clearTimeout(headersTimer)
      resolve({
        status: message.statusCode ?? 0,
        headers: message.headers,
        body: watched(message, url.href, limits, deadline)
      })
    })
  })
}

/**
 * The body of `message`, failing (and destroying the connection) when no chunk comes for
 * `limits.idleMs` or the whole request passes its deadline.
 */
function watched(message: http.IncomingMessage, url: string, limits: Limits, deadline: number): Readable {
  const body = new PassThrough()
  let idle: NodeJS.Timeout | undefined
  const stop = (error: Error): void => {
    clearTimeout(idle)
    clearTimeout(total)
    message.destroy()
    if (!body.destroyed) body.destroy(error)
  }
  const arm = (): void => {
    clearTimeout(idle)
    idle = setTimeout(
      () => stop(new ToolchainError(`${url} sent nothing for ${seconds(limits.idleMs)}; retry the job.`)),
      limits.idleMs
    )
  }
  const total = setTimeout(
    () =>
      stop(
        new ToolchainError(
          `${url} was not read within ${seconds(limits.totalMs)}: the connection is too slow; retry the job.`
        )
      ),
    deadline - Date.now()
  )
  arm()
  message.on('data', arm)
  message.on('end', () => {
    clearTimeout(idle)
    clearTimeout(total)
  })
  message.on('error', (error) => stop(new ToolchainError(`reading ${url} failed: ${error.message}`)))
  // A reader that stops early (an error downstream) closes the connection with it.
  body.on('close', () => {
    if (!message.complete) stop(new ToolchainError(`reading ${url} was abandoned.`))
  })
  message.pipe(body)
  return body
}
