/**
 * The environment of every child process: built here, never inherited whole. The runner's environment
 * holds the job's credentials (GITHUB_TOKEN, ACTIONS_RUNTIME_TOKEN, ACTIONS_ID_TOKEN_REQUEST_TOKEN, the
 * cache service URL, whatever secrets a workflow puts in `env:`); a compiler, git or tar needs none of
 * them. `runProcess` takes only a `ChildEnv`, and only this module makes one.
 */

declare const built: unique symbol
/** An environment made by `inheritedEnv` or `ownEnv`: the only kind `runProcess` accepts. */
export type ChildEnv = Readonly<Record<string, string>> & { readonly [built]: true }

/**
 * What a child may take from the runner: where programs are (PATH), the user's home and git config
 * (HOME, XDG_CONFIG_HOME, GIT_CONFIG_GLOBAL/SYSTEM/NOSYSTEM: paths, so `safe.directory` and the user's
 * settings keep working), temp folders, locale and time zone, who the user is, and the runner's
 * proxies. Not GIT_CONFIG_COUNT/KEY_n/VALUE_n or GIT_ASKPASS: they can carry an auth header.
 */
const INHERITED = new Set([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'TMPDIR',
  'TEMP',
  'TMP',
  'LANG',
  'LANGUAGE',
  'TZ',
  'XDG_CONFIG_HOME',
  'GIT_CONFIG_GLOBAL',
  'GIT_CONFIG_SYSTEM',
  'GIT_CONFIG_NOSYSTEM',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'ALL_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'all_proxy'
])
const INHERITED_PREFIXES = ['LC_']

/** Names that hold, or lead to, a credential: never passed to a child, even when asked for. */
const CREDENTIAL = /^ACTIONS_|TOKEN|SECRET|PASSW|CREDENTIAL|API_?KEY|PRIVATE_?KEY|(^|_)AUTH(_|$)/i

const isCredentialName = (name: string): boolean => CREDENTIAL.test(name)

const inherited = (name: string): boolean =>
  INHERITED.has(name) || INHERITED_PREFIXES.some((prefix) => name.startsWith(prefix))

function build(vars: Record<string, string | undefined>): ChildEnv {
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(vars)) {
    if (value === undefined) continue
    // A programming error, not the user's: fail loudly rather than drop a variable silently.
    if (isCredentialName(name)) throw new Error(`refusing to pass ${name} to a child process`)
    env[name] = value
  }
  return env as ChildEnv
}

/** The allow-listed variables of `parent` (the runner's), then `extras`, which win. */
export function inheritedEnv(
  extras: Record<string, string | undefined> = {},
  parent: NodeJS.ProcessEnv = process.env
): ChildEnv {
  const kept = Object.entries(parent).filter(([name]) => inherited(name) && !isCredentialName(name))
  return build({ ...Object.fromEntries(kept), ...extras })
}

/** Exactly `vars`, nothing of the runner's: for the clean environments of verification. */
export function ownEnv(vars: Record<string, string | undefined>): ChildEnv {
  return build(vars)
}
