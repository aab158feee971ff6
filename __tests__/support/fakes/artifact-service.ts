/**
 * GitHub's artifact service (results API v1, artifact version 4+) as `@actions/artifact` 6.2 speaks
 * it: CreateArtifact hands out a signed Azurite upload URL, FinalizeArtifact checks the committed
 * blob against the size and sha256 the client reports, names are unique per workflow run.
 */
import crypto from 'node:crypto'
import type { Azurite } from './azurite.js'
import type { RunIds } from './token.js'
import { TwirpError, type Body, type Handler, type TwirpService } from './twirp.js'
import { str } from './loopback.js'

export const ARTIFACT_CONTAINER = 'actions-results'

export interface StoredArtifact {
  id: number
  runId: string
  jobId: string
  name: string
  /** `mime_type` of CreateArtifact ('application/zip' for a zipped artifact). */
  mimeType?: string
  version: number
  /** `expires_at` of CreateArtifact (absent: the repository's default retention). */
  expiresAt?: Date
  /** Blob path in the container; its last segment is the file a download receives. */
  blob: string
  createdAt: Date
  finalized: boolean
  deleted: boolean
  size?: number
  /** `sha256:<hex>` */
  digest?: string
}

export class ArtifactService implements TwirpService {
  readonly name = 'github.actions.results.api.v1.ArtifactService'
  readonly artifacts: StoredArtifact[] = []
  readonly handlers: Record<string, Handler>
  private nextId = 1000

  constructor(private readonly azurite: Azurite) {
    this.handlers = {
      CreateArtifact: (body, caller) => this.create(body, caller),
      FinalizeArtifact: (body, caller) => this.finalize(body, caller),
      ListArtifacts: (body, caller) => this.list(body, caller),
      GetSignedArtifactURL: (body, caller) => this.signedUrl(body, caller),
      DeleteArtifact: (body, caller) => this.remove(body, caller)
    }
  }

  /** Finalized, not deleted artifacts (of one run when given). */
  live(runId?: string): StoredArtifact[] {
    return this.artifacts.filter((a) => a.finalized && !a.deleted && (!runId || a.runId === runId))
  }

  /** Requests name the run and job their token is for; anything else is another job's data. */
  private checkIds(body: Body, caller: RunIds): void {
    if (body.workflow_run_backend_id !== caller.runId || body.workflow_job_run_backend_id !== caller.jobId) {
      throw new TwirpError('permission_denied', 'workflow run or job backend id does not match the token')
    }
  }

  private findLive(runId: string, name: string): StoredArtifact {
    const artifact = this.live(runId).find((a) => a.name === name)
    if (!artifact) throw new TwirpError('not_found', `artifact '${name}' not found`)
    return artifact
  }

  private async create(body: Body, caller: RunIds): Promise<Body> {
    this.checkIds(body, caller)
    const name = str(body.name)
    const version = Number(body.version ?? 0)
    if (!name) throw new TwirpError('invalid_argument', 'name is required')
    if (version < 4) throw new TwirpError('invalid_argument', `artifact version ${version} is not supported`)
    // Stricter than needed on purpose: an unfinalized upload also holds its name.
    if (this.artifacts.some((a) => a.runId === caller.runId && a.name === name && !a.deleted)) {
      throw new TwirpError('already_exists', 'an artifact with this name already exists on the workflow run')
    }
    let expiresAt: Date | undefined
    if (body.expires_at !== undefined) {
      expiresAt = new Date(str(body.expires_at))
      if (Number.isNaN(expiresAt.getTime()) || expiresAt <= new Date()) {
        throw new TwirpError('invalid_argument', `expires_at '${str(body.expires_at)}' is not in the future`)
      }
    }
    const mimeType = body.mime_type === undefined ? undefined : str(body.mime_type)
    const id = this.nextId++
    const file = mimeType === 'application/zip' ? `${name}.zip` : name
    const artifact: StoredArtifact = {
      id,
      runId: caller.runId,
      jobId: caller.jobId,
      name,
      mimeType,
      version,
      expiresAt,
      blob: `${caller.runId}/${caller.jobId}/${id}/${file}`,
      createdAt: new Date(),
      finalized: false,
      deleted: false
    }
    this.artifacts.push(artifact)
    const url = this.azurite.signedUrl(ARTIFACT_CONTAINER, artifact.blob, { permissions: 'cw' })
    return { ok: true, signed_upload_url: url }
  }

  private async finalize(body: Body, caller: RunIds): Promise<Body> {
    this.checkIds(body, caller)
    const name = str(body.name)
    const artifact = this.artifacts.find(
      (a) => a.runId === caller.runId && a.name === name && !a.finalized && !a.deleted
    )
    if (!artifact) throw new TwirpError('not_found', `no artifact '${name}' awaits finalizing`)
    const blob = await this.azurite.readBlob(ARTIFACT_CONTAINER, artifact.blob)
    if (!blob) throw new TwirpError('failed_precondition', `nothing was uploaded for artifact '${name}'`)
    const size = Number(body.size ?? 0)
    if (size !== blob.size) {
      throw new TwirpError('invalid_argument', `size ${size} does not match the uploaded ${blob.size} bytes`)
    }
    const digest = `sha256:${crypto.createHash('sha256').update(blob.body).digest('hex')}`
    if (body.hash !== undefined && body.hash !== digest) {
      throw new TwirpError('invalid_argument', `hash ${str(body.hash)} does not match the uploaded ${digest}`)
    }
    Object.assign(artifact, { finalized: true, size, digest })
    return { ok: true, artifact_id: String(artifact.id) }
  }

  private async list(body: Body, caller: RunIds): Promise<Body> {
    this.checkIds(body, caller)
    const artifacts = this.live(caller.runId)
      .filter((a) => body.name_filter === undefined || a.name === body.name_filter)
      .filter((a) => body.id_filter === undefined || String(a.id) === String(body.id_filter))
      .map((a) => ({
        workflow_run_backend_id: a.runId,
        workflow_job_run_backend_id: a.jobId,
        database_id: String(a.id),
        name: a.name,
        size: String(a.size),
        created_at: a.createdAt.toISOString(),
        digest: a.digest
      }))
    return { artifacts }
  }

  private async signedUrl(body: Body, caller: RunIds): Promise<Body> {
    if (body.workflow_run_backend_id !== caller.runId) {
      throw new TwirpError('permission_denied', 'workflow run backend id does not match the token')
    }
    const artifact = this.findLive(caller.runId, str(body.name))
    const file = artifact.blob.split('/').pop() as string
    const url = this.azurite.signedUrl(ARTIFACT_CONTAINER, artifact.blob, {
      permissions: 'r',
      contentDisposition: `attachment; filename="${file}"; filename*=UTF-8''${encodeURIComponent(file)}`
    })
    return { signed_url: url }
  }

  private async remove(body: Body, caller: RunIds): Promise<Body> {
    if (body.workflow_run_backend_id !== caller.runId) {
      throw new TwirpError('permission_denied', 'workflow run backend id does not match the token')
    }
    const artifact = this.findLive(caller.runId, str(body.name))
    await this.azurite.deleteBlob(ARTIFACT_CONTAINER, artifact.blob)
    artifact.deleted = true
    return { ok: true, artifact_id: String(artifact.id) }
  }
}
