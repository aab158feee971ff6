/**
 * A pass-through proxy in front of Azurite that the signed URLs point at, so tests can make the blob
 * store fail (a 5xx, a dropped connection, a delay) for one kind of operation. SAS signatures cover
 * the account, container and blob, not the host, so the same URLs work through it.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Fault } from './twirp.js'
import { closeServer, listenOnLoopback } from './loopback.js'
import type { Link } from './throttle.js'

export type BlobOperation = 'PutBlock' | 'PutBlockList' | 'PutBlob' | 'GetBlob' | 'GetProperties' | 'Other'

export interface BlobRequest {
  operation: BlobOperation
  path: string
  /** HTTP status answered; 0 when the connection was dropped. */
  status: number
}

function operationOf(req: http.IncomingMessage): BlobOperation {
  const comp = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('comp')
  if (req.method === 'PUT')
    return comp === 'block' ? 'PutBlock' : comp === 'blocklist' ? 'PutBlockList' : 'PutBlob'
  if (req.method === 'GET' && !comp) return 'GetBlob'
  if (req.method === 'HEAD') return 'GetProperties'
  return 'Other'
}

export class BlobProxy {
  readonly requests: BlobRequest[] = []
  private readonly faults = new Map<BlobOperation, Required<Fault>[]>()
  /** When set, every answer's body goes through this bandwidth limit (the bench's hosted-runner case). */
  link: Link | undefined
  private readonly server: http.Server

  constructor(private readonly target: number) {
    this.server = http.createServer((req, res) => void this.forward(req, res))
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port
  }

  async listen(): Promise<this> {
    await listenOnLoopback(this.server)
    return this
  }

  async close(): Promise<void> {
    await closeServer(this.server)
  }

  inject(operation: BlobOperation, fault: Fault): void {
    const queue = this.faults.get(operation) ?? []
    queue.push({ status: 0, drop: false, delayMs: 0, times: 1, ...fault })
    this.faults.set(operation, queue)
  }

  clearFaults(): void {
    this.faults.clear()
  }

  private async forward(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const record: BlobRequest = { operation: operationOf(req), path: req.url?.split('?')[0] ?? '', status: 0 }
    this.requests.push(record)
    const queue = this.faults.get(record.operation)
    const fault = queue?.[0]
    if (fault && --fault.times <= 0) queue.shift()
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs))
    if (fault?.drop) return void req.socket.destroy()
    if (fault?.status) {
      record.status = fault.status
      req.resume()
      return void res.writeHead(fault.status, { 'x-ms-error-code': 'ServerBusy' }).end()
    }
    const upstream = http.request(
      { host: '127.0.0.1', port: this.target, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        record.status = answer.statusCode ?? 0
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        if (this.link) answer.pipe(this.link.throttle()).pipe(res)
        else answer.pipe(res)
      }
    )
    upstream.on('error', () => req.socket.destroy())
    req.pipe(upstream)
  }
}
