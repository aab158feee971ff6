/**
 * A JWT-shaped ACTIONS_RUNTIME_TOKEN. The clients only decode the payload (the `scp` claim names
 * the run and job); the fake services recognise tokens they issued instead of checking a signature.
 */
import crypto from 'node:crypto'

export interface RunIds {
  /** workflowRunBackendId (a UUID on GitHub, unrelated to GITHUB_RUN_ID). */
  runId: string
  /** workflowJobRunBackendId. */
  jobId: string
}

export interface TokenClaims extends RunIds {
  scp: string
}

const base64url = (value: object | Buffer): string =>
  (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString('base64url')

export function newRunIds(): RunIds {
  return { runId: crypto.randomUUID(), jobId: crypto.randomUUID() }
}

export function runtimeToken(ids: RunIds): string {
  const now = Math.floor(Date.now() / 1000)
  const payload = {
    scp: `Actions.ExampleScope Actions.Results:${ids.runId}:${ids.jobId}`,
    iat: now,
    exp: now + 6 * 3600
  }
  return [
    base64url({ typ: 'JWT', alg: 'RS256' }),
    base64url(payload),
    base64url(crypto.randomBytes(32))
  ].join('.')
}

/** The run and job a token is scoped to, or undefined when it is not a JWT with an Actions.Results scope. */
export function decodeToken(token: string): TokenClaims | undefined {
  const parts = token.split('.')
  if (parts.length !== 3) return undefined
  try {
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as { scp?: unknown }
    if (typeof payload.scp !== 'string') return undefined
    for (const scope of payload.scp.split(' ')) {
      const [name, runId, jobId, ...rest] = scope.split(':')
      if (name === 'Actions.Results' && runId && jobId && rest.length === 0) {
        return { scp: payload.scp, runId, jobId }
      }
    }
  } catch {
    return undefined
  }
  return undefined
}
