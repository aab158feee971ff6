/**
 * The transport GitHub's results services share: Twirp JSON over HTTP POST at
 * `/twirp/<package.Service>/<Method>`, a bearer runtime token, and Twirp error bodies
 * (`{"code","msg"}`). Records every call and injects faults per method.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { decodeToken, newRunIds, runtimeToken, type RunIds } from './token.js'
import { closeServer, listenOnLoopback } from './loopback.js'

export const KEEP_ALIVE_SECONDS = 120

export type TwirpCode =
  | 'invalid_argument'
  | 'unauthenticated'
  | 'permission_denied'
  | 'not_found'
  | 'already_exists'
  | 'failed_precondition'
  | 'resource_exhausted'
  | 'internal'
  | 'unavailable'
  | 'bad_route'
  | 'malformed'

const statusOf: Record<TwirpCode, number> = {
  invalid_argument: 400,
  malformed: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  bad_route: 404,
  already_exists: 409,
  failed_precondition: 412,
  resource_exhausted: 429,
  internal: 500,
  unavailable: 503
}

export class TwirpError extends Error {
  constructor(
    readonly code: TwirpCode,
    message: string
  ) {
    super(message)
  }
}

export type Body = Record<string, unknown>
/** A method implementation; `caller` is the run and job the request's token is scoped to. */
export type Handler = (body: Body, caller: RunIds) => Promise<Body>

export interface TwirpService {
  /** Fully qualified service name, e.g. `github.actions.results.api.v1.ArtifactService`. */
  readonly name: string
  readonly handlers: Record<string, Handler>
}

export interface Fault {
  /** Answer with this HTTP status (a Twirp error body) instead of handling the call. */
  status?: number
  /** Destroy the socket without answering. */
  drop?: boolean
  /** Wait this long first (alone: a slow but successful call). */
  delayMs?: number
  /** How many calls it hits (default 1); Infinity for every call. */
  times?: number
}

export interface RecordedCall {
  service: string
  method: string
  body: Body
  caller?: RunIds
  /** HTTP status answered; 0 when the connection was dropped. */
  status: number
}

export class TwirpServer {
  readonly calls: RecordedCall[] = []
  private readonly faults = new Map<string, Required<Fault>[]>()
  private readonly issued = new Set<string>()
  private readonly server: http.Server

  constructor(private readonly services: TwirpService[]) {
    this.server = http.createServer((req, res) => void this.handle(req, res))
    // Like GitHub's front end, keep idle connections open long enough to hold a client process that
    // does not exit explicitly (Node's default of 5 s would hide that hang).
    this.server.keepAliveTimeout = KEEP_ALIVE_SECONDS * 1000
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`
  }

  async listen(): Promise<this> {
    await listenOnLoopback(this.server)
    return this
  }

  async close(): Promise<void> {
    await closeServer(this.server)
  }

  /** A runtime token this server accepts (it rejects any other, as the real one rejects bad signatures). */
  issueToken(ids: RunIds = newRunIds()): string {
    const token = runtimeToken(ids)
    this.issued.add(token)
    return token
  }

  /** Queue a fault for `method` (e.g. 'CreateArtifact'); faults queued for one method apply in order. */
  inject(method: string, fault: Fault): void {
    const queue = this.faults.get(method) ?? []
    queue.push({ status: 0, drop: false, delayMs: 0, times: 1, ...fault })
    this.faults.set(method, queue)
  }

  clearFaults(): void {
    this.faults.clear()
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method)
  }

  private takeFault(method: string): Required<Fault> | undefined {
    const queue = this.faults.get(method)
    const fault = queue?.[0]
    if (fault && --fault.times <= 0) queue.shift()
    return fault
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const match = /^\/twirp\/([\w.]+)\/(\w+)$/.exec(req.url ?? '')
    const service = this.services.find((s) => s.name === match?.[1])
    const method = match?.[2] ?? ''
    let body: Body | undefined
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Body
    } catch {
      body = undefined
    }
    const call: RecordedCall = { service: match?.[1] ?? '', method, body: body ?? {}, status: 0 }
    this.calls.push(call)
    const answer = (status: number, payload: Body): void => {
      call.status = status
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(payload))
    }
    const fail = (error: TwirpError): void =>
      answer(statusOf[error.code], { code: error.code, msg: error.message, meta: {} })

    const fault = this.takeFault(method)
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs))
    if (fault?.drop) return void req.socket.destroy()
    if (fault?.status) {
      call.status = fault.status
      return void res
        .writeHead(fault.status, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ code: fault.status >= 500 ? 'internal' : 'unknown', msg: 'injected fault' }))
    }
    const handler = service?.handlers[method]
    if (req.method !== 'POST' || !handler) {
      return fail(new TwirpError('bad_route', `no handler for ${req.method} ${req.url}`))
    }
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
    const caller = token && this.issued.has(token) ? decodeToken(token) : undefined
    if (!caller) return fail(new TwirpError('unauthenticated', 'missing or invalid runtime token'))
    call.caller = { runId: caller.runId, jobId: caller.jobId }
    if (!req.headers['content-type']?.startsWith('application/json')) {
      return fail(new TwirpError('bad_route', 'unexpected Content-Type'))
    }
    if (body === undefined) return fail(new TwirpError('malformed', 'the body is not JSON'))
    try {
      answer(200, await handler(body, call.caller))
    } catch (error) {
      fail(error instanceof TwirpError ? error : new TwirpError('internal', String(error)))
    }
  }
}
