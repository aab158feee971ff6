/**
 * GitHub's cache service v2 as `@actions/cache` 6 speaks it: CreateCacheEntry reserves a key and
 * version and hands out a signed Azurite upload URL, FinalizeCacheEntryUpload checks the committed
 * blob's size, GetCacheEntryDownloadURL matches like the real service (same version; each of the
 * key and the restore keys in order, exact match first, then the newest entry the key prefixes).
 * Entries outlive runs, as the real cache does.
 */
import type { Azurite } from './azurite.js'
import { TwirpError, type Body, type Handler, type TwirpService } from './twirp.js'
import { str } from './loopback.js'

export const CACHE_CONTAINER = 'actions-cache'

export interface CacheEntry {
  id: number
  key: string
  version: string
  blob: string
  createdAt: Date
  finalized: boolean
  size?: number
}

export class CacheService implements TwirpService {
  readonly name = 'github.actions.results.api.v1.CacheService'
  readonly entries: CacheEntry[] = []
  readonly handlers: Record<string, Handler>
  private nextId = 1

  constructor(private readonly azurite: Azurite) {
    this.handlers = {
      CreateCacheEntry: (body) => this.create(body),
      FinalizeCacheEntryUpload: (body) => this.finalize(body),
      GetCacheEntryDownloadURL: (body) => this.downloadUrl(body)
    }
  }

  /** Forgets every entry (the blobs stay, unreachable), as if the cache had been emptied. */
  clear(): void {
    this.entries.length = 0
  }

  finalized(): CacheEntry[] {
    return this.entries.filter((e) => e.finalized)
  }

  private keyAndVersion(body: Body): { key: string; version: string } {
    const key = str(body.key)
    const version = str(body.version)
    if (!key || !version) throw new TwirpError('invalid_argument', 'key and version are required')
    return { key, version }
  }

  private async create(body: Body): Promise<Body> {
    const { key, version } = this.keyAndVersion(body)
    if (this.entries.some((e) => e.key === key && e.version === version)) {
      throw new TwirpError(
        'already_exists',
        'cache entry with the same key, version, and scope already exists'
      )
    }
    const id = this.nextId++
    const entry: CacheEntry = {
      id,
      key,
      version,
      blob: `${id}/cache.tzst`,
      createdAt: new Date(),
      finalized: false
    }
    this.entries.push(entry)
    const url = this.azurite.signedUrl(CACHE_CONTAINER, entry.blob, { permissions: 'cw' })
    return { ok: true, signed_upload_url: url }
  }

  private async finalize(body: Body): Promise<Body> {
    const { key, version } = this.keyAndVersion(body)
    const entry = this.entries.find((e) => e.key === key && e.version === version && !e.finalized)
    if (!entry) throw new TwirpError('not_found', `no cache entry '${key}' awaits finalizing`)
    const blob = await this.azurite.readBlob(CACHE_CONTAINER, entry.blob)
    const size = Number(body.size_bytes ?? 0)
    if (!blob) return { ok: false, message: `nothing was uploaded for cache entry '${key}'` }
    if (blob.size !== size)
      return { ok: false, message: `size ${size} does not match the uploaded ${blob.size}` }
    Object.assign(entry, { finalized: true, size })
    return { ok: true, entry_id: String(entry.id) }
  }

  private match(keys: string[], version: string): CacheEntry | undefined {
    const candidates = this.finalized()
      .filter((e) => e.version === version)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id)
    for (const key of keys) {
      const found = candidates.find((e) => e.key === key) ?? candidates.find((e) => e.key.startsWith(key))
      if (found) return found
    }
    return undefined
  }

  private async downloadUrl(body: Body): Promise<Body> {
    const { key, version } = this.keyAndVersion(body)
    const restoreKeys = Array.isArray(body.restore_keys) ? body.restore_keys.map(str) : []
    const entry = this.match([key, ...restoreKeys], version)
    if (!entry) return { ok: false }
    const url = this.azurite.signedUrl(CACHE_CONTAINER, entry.blob, { permissions: 'r' })
    return { ok: true, signed_download_url: url, matched_key: entry.key }
  }
}
