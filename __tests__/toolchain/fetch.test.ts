import { afterEach, describe, expect, it } from '@jest/globals'
import { open, readText, retryDelay, RETRY, type Limits } from '../../src/toolchain/fetch.js'
import { serve, stopServers } from '../support/http-server.js'

afterEach(stopServers)

const NO_RETRY = { delaysMs: [], maxRetryAfterMs: 0 }
const limits = (overrides: Partial<Limits>): Limits => ({
  headersMs: 5_000,
  idleMs: 5_000,
  totalMs: 5_000,
  ...overrides
})

describe('open over http', () => {
  it('fails within the headers limit, and closes the connection, when a server accepts and never answers', async () => {
    const server = await serve(() => {})
    const started = Date.now()
    await expect(open(server.url, { limits: limits({ headersMs: 200 }), retry: NO_RETRY })).rejects.toThrow(
      `${server.url} did not answer within 0.2 s (connection and response headers); check index-url, or retry if the index is down.`
    )
    expect(Date.now() - started).toBeLessThan(2_000)
    await server.allClosed()
  }, 10_000)

  it('fails at the overall deadline when a server trickles the body', async () => {
    const server = await serve((res) => {
      res.writeHead(200, { 'content-type': 'text/html' })
      const drip = setInterval(() => res.write('x'), 50)
      res.on('close', () => clearInterval(drip))
    })
    const page = await open(server.url, { limits: limits({ totalMs: 500 }), retry: NO_RETRY })
    const started = Date.now()
    await expect(readText(page!)).rejects.toThrow(
      `${server.url} was not read within 0.5 s: the connection is too slow; retry the job.`
    )
    expect(Date.now() - started).toBeLessThan(2_000)
    await server.allClosed()
  }, 10_000)

  it('fails when the body stops coming for the idle limit', async () => {
    const server = await serve((res) => {
      res.writeHead(200, { 'content-type': 'text/html' })
      res.write('<html>')
    })
    const page = await open(server.url, { limits: limits({ idleMs: 200 }), retry: NO_RETRY })
    await expect(readText(page!)).rejects.toThrow(`${server.url} sent nothing for 0.2 s; retry the job.`)
    await server.allClosed()
  }, 10_000)

  it('retries a 503 after the backoff and returns the page that follows', async () => {
    const server = await serve((res, n) => {
      if (n === 1) return void res.writeHead(503).end('busy')
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>')
    })
    const page = await open(server.url, { retry: { delaysMs: [300, 300, 300], maxRetryAfterMs: 0 } })
    expect(await readText(page!)).toBe('<html></html>')
    const [first, second] = server.requestTimes
    expect([server.requestTimes.length, second - first >= 240]).toEqual([2, true])
  }, 10_000)

  it('gives up with the status once the retries are spent', async () => {
    const server = await serve((res) => void res.writeHead(502).end())
    await expect(open(server.url, { retry: { delaysMs: [10, 10], maxRetryAfterMs: 0 } })).rejects.toThrow(
      `${server.url} answered HTTP 502; check index-url, or retry if the index is down.`
    )
    expect(server.requestTimes.length).toBe(3)
  }, 10_000)

  it('retries a refused connection after the backoff, then names the failure', async () => {
    const server = await serve(() => {})
    await server.close()
    const started = Date.now()
    await expect(open(server.url, { retry: { delaysMs: [300], maxRetryAfterMs: 0 } })).rejects.toThrow(
      new RegExp(
        `^cannot reach ${server.url}: connect ECONNREFUSED .*; check index-url, or retry if the index is down\\.$`
      )
    )
    expect(Date.now() - started).toBeGreaterThanOrEqual(240)
  }, 10_000)

  it('refuses to follow a redirect to a file:// URL', async () => {
    const server = await serve((res) => void res.writeHead(302, { location: 'file:///etc/passwd' }).end())
    await expect(open(server.url, { retry: NO_RETRY })).rejects.toThrow(
      `${server.url} redirects to file:///etc/passwd, which the action refuses to follow.`
    )
  }, 10_000)
})

describe('retryDelay', () => {
  it('backs off 1 s, 4 s, 10 s, each varied by at most 20 %', () => {
    const at = (random: number): number[] =>
      [0, 1, 2].map((n) => retryDelay(n, undefined, RETRY, () => random))
    expect([at(0.5), at(0), at(1)]).toEqual([
      [1_000, 4_000, 10_000],
      [800, 3_200, 8_000],
      [1_200, 4_800, 12_000]
    ])
  })

  it('waits longer when the server asks, in seconds or by date, up to a minute', () => {
    const now = Date.parse('2026-01-01T00:00:00Z')
    expect([
      retryDelay(0, '7', RETRY, () => 0.5, now),
      retryDelay(0, 'Thu, 01 Jan 2026 00:00:30 GMT', RETRY, () => 0.5, now),
      retryDelay(0, '3600', RETRY, () => 0.5, now),
      retryDelay(1, '0', RETRY, () => 0.5, now)
    ]).toEqual([7_000, 30_000, 60_000, 4_000])
  })
})
