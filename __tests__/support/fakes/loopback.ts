/** Starting and stopping the fakes' HTTP servers, on 127.0.0.1 only. */
import type http from 'node:http'
import type { AddressInfo } from 'node:net'

export async function listenOnLoopback(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

/** Closes idle keep-alive connections too, so a test's afterAll never waits for them. */
export async function closeServer(server: http.Server): Promise<void> {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
}

/** A request field the client may leave out. */
export const str = (value: unknown): string => (typeof value === 'string' ? value : '')
