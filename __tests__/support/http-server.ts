/** A bare HTTP server on 127.0.0.1 for the network failure tests: stalls, trickles, errors. */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

/** A server on 127.0.0.1 that records when each request came and whether each connection has closed. */
export interface TestServer {
  /** `http://127.0.0.1:PORT/simple/`, an index root; the handler answers every path. */
  url: string
  requestTimes: number[]
  /** Resolves once every connection the server accepted is closed. */
  allClosed(): Promise<void>
  close(): Promise<void>
}

const servers: TestServer[] = []

/** Stops every server `serve` started (for `afterEach`). */
export async function stopServers(): Promise<void> {
  await Promise.all(servers.splice(0).map((s) => s.close()))
}

/** Serves `handler` (given the response, the request's number from 1, and the request) at `<url>` for any path. */
export async function serve(
  handler: (res: http.ServerResponse, n: number, req: http.IncomingMessage) => void
): Promise<TestServer> {
  const requestTimes: number[] = []
  const open = new Set<object>()
  const server = http.createServer((req, res) => {
    requestTimes.push(Date.now())
    handler(res, requestTimes.length, req)
  })
  server.on('connection', (socket) => {
    open.add(socket)
    socket.on('close', () => open.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const test: TestServer = {
    url: `http://127.0.0.1:${port}/simple/`,
    requestTimes,
    allClosed: async () => {
      while (open.size > 0) await new Promise((resolve) => setTimeout(resolve, 10))
    },
    close: () => {
      server.closeAllConnections()
      return new Promise((resolve) => server.close(() => resolve()))
    }
  }
  servers.push(test)
  return test
}
