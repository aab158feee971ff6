/**
 * A proxy in front of the test index that adds the Cache-Control header PyPI's file host sends with every
 * wheel. pip's HTTP cache keeps a download only when the response allows it, so without this header a
 * "warm" pip cache would download the wheels again and the warm comparison would flatter the action.
 * With a `link`, every answer goes through its bandwidth limit (the hosted-runner case).
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Link } from '../__tests__/support/fakes/throttle.js'

/** What files.pythonhosted.org answers for a wheel. */
const PYPI_FILE_CACHE_CONTROL = 'max-age=365000000, immutable, public'

export interface Front {
  /** The simple index root through the proxy. */
  url: string
  close(): Promise<void>
}

export async function pypiFront(indexUrl: string, link?: Link): Promise<Front> {
  const upstream = new URL(indexUrl)
  const server = http.createServer((req, res) => {
    const forward = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers
      },
      (answer) => {
        const headers = { ...answer.headers }
        if (req.url?.startsWith('/files/')) headers['cache-control'] = PYPI_FILE_CACHE_CONTROL
        res.writeHead(answer.statusCode ?? 502, headers)
        if (link) answer.pipe(link.throttle()).pipe(res)
        else answer.pipe(res)
      }
    )
    forward.on('error', (error) => res.destroy(error))
    req.pipe(forward)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname}`,
    close: () => new Promise((resolve) => server.close(() => resolve()))
  }
}
