/**
 * Microsoft's Azurite blob emulator as a child process on 127.0.0.1 (random port, files in a temp
 * folder), plus SAS-signed blob URLs for its well-known development account. The signed URLs the
 * fake artifact and cache services hand out point here, so uploads run through the real Azure SDK.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  BlobSASPermissions,
  BlobServiceClient,
  StorageSharedKeyCredential,
  generateBlobSASQueryParameters
} from '@azure/storage-blob'
import { repoRoot } from '../run-action.js'
import { BlobProxy } from './blob-proxy.js'
import { KEEP_ALIVE_SECONDS } from './twirp.js'

/** Azurite's documented development account and key. */
export const DEV_ACCOUNT = 'devstoreaccount1'
export const DEV_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

export interface SignOptions {
  /** SAS permissions, e.g. 'r' to download, 'cw' to upload. */
  permissions: string
  /** Content-Disposition the blob service answers a GET with (`rscd`). */
  contentDisposition?: string
  expiresInMinutes?: number
}

export interface BlobInfo {
  size: number
  contentType?: string
  body: Buffer
}

export class Azurite {
  /** Talks to Azurite directly, past the proxy's faults. */
  readonly service: BlobServiceClient
  /** `http://127.0.0.1:<proxy port>/devstoreaccount1`: where signed URLs point. */
  readonly url: string
  private readonly credential = new StorageSharedKeyCredential(DEV_ACCOUNT, DEV_KEY)

  constructor(
    port: number,
    /** Between clients and Azurite: inject blob-store faults here. */
    readonly proxy: BlobProxy,
    private readonly child: ChildProcess,
    private readonly location: string
  ) {
    this.service = new BlobServiceClient(`http://127.0.0.1:${port}/${DEV_ACCOUNT}`, this.credential)
    this.url = `http://127.0.0.1:${proxy.port}/${DEV_ACCOUNT}`
  }

  async createContainer(name: string): Promise<void> {
    await this.service.getContainerClient(name).createIfNotExists()
  }

  signedUrl(container: string, blob: string, options: SignOptions): string {
    const sas = generateBlobSASQueryParameters(
      {
        containerName: container,
        blobName: blob,
        permissions: BlobSASPermissions.parse(options.permissions),
        startsOn: new Date(Date.now() - 60_000),
        expiresOn: new Date(Date.now() + (options.expiresInMinutes ?? 60) * 60_000),
        contentDisposition: options.contentDisposition
      },
      this.credential
    )
    return `${this.url}/${container}/${blob.split('/').map(encodeURIComponent).join('/')}?${sas.toString()}`
  }

  /** The committed blob, or undefined when there is none. */
  async readBlob(container: string, blob: string): Promise<BlobInfo | undefined> {
    const client = this.service.getContainerClient(container).getBlobClient(blob)
    if (!(await client.exists())) return undefined
    const properties = await client.getProperties()
    const body = await client.downloadToBuffer()
    return { size: body.length, contentType: properties.contentType, body }
  }

  async deleteBlob(container: string, blob: string): Promise<void> {
    await this.service.getContainerClient(container).getBlobClient(blob).deleteIfExists()
  }

  async stop(): Promise<void> {
    await this.proxy.close()
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve))
      this.child.kill('SIGTERM')
      await exited
    }
    fs.rmSync(this.location, { recursive: true, force: true })
  }
}

export async function startAzurite(): Promise<Azurite> {
  const location = fs.mkdtempSync(path.join(os.tmpdir(), 'azurite-'))
  const bin = path.join(repoRoot, 'node_modules', '.bin', 'azurite-blob')
  const child = spawn(
    process.execPath,
    [
      bin,
      ...['--blobHost', '127.0.0.1', '--blobPort', '0', '--location', location],
      ...['--blobKeepAliveTimeout', String(KEEP_ALIVE_SECONDS)],
      ...['--silent', '--skipApiVersionCheck', '--loose', '--disableTelemetry']
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] }
  )
  let output = ''
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Azurite did not start in 30 s:\n${output}`)), 30_000)
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      const listening = /successfully listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(output)
      if (listening) {
        clearTimeout(timer)
        resolve(Number(listening[1]))
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`Azurite exited with ${code}:\n${output}`))
    })
  })
  return new Azurite(port, await new BlobProxy(port).listen(), child, location)
}
