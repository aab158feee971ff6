/**
 * The one timestamp every archive entry gets, so two builds of one commit give the same bytes:
 * SOURCE_DATE_EPOCH when set (the reproducible-builds.org convention), else the time of the last
 * commit (`git log -1 --format=%ct`, as GoReleaser's `{{ .CommitTimestamp }}`), else 0 when the
 * workspace is not in a git repository, git is missing or refuses it. 0 is 1970 in tar and becomes
 * 1980-01-01 in zip, whose times start there.
 */
import { BuildError } from '../errors.js'
import { git } from '../project/git.js'

export async function sourceDateEpoch(
  workspace: string,
  env: NodeJS.ProcessEnv = process.env
): Promise<number> {
  const fixed = env.SOURCE_DATE_EPOCH?.trim()
  if (fixed) {
    if (!/^\d+$/.test(fixed)) {
      throw new BuildError(
        `SOURCE_DATE_EPOCH='${fixed}' is not a whole number of seconds since 1970: unset it or set it to ` +
          'e.g. the output of `git log -1 --format=%ct`.'
      )
    }
    return Number(fixed)
  }
  const last = await git(workspace, ['log', '-1', '--format=%ct'])
  const stamp = last.code === 0 ? last.stdout.trim() : ''
  return /^\d+$/.test(stamp) ? Number(stamp) : 0
}
