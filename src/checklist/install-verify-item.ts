/** "Installation verification script created and passing": what became of install_verify.sh. Pure. */
import type { Artifact } from '../types.js'
import type { Finding } from './items.js'

/** The release checklist's "Installation verification script created and passing", from the artifacts. */
export function installVerifyFinding(artifacts: Artifact[]): Finding {
  const found = (state: Finding['state'], detail: string): Finding => ({
    item: 'Installation verification script created and passing',
    state,
    detail
  })
  const script = artifacts.find((a) => a.kind === 'script')
  if (script === undefined)
    return found('skip', 'No packages in this release: there is nothing for a script to check.')
  const { file, verification } = script
  if (verification === undefined)
    return found(
      'skip',
      `\`${file}\` created; not run, as verify is false: run it after installing, as INSTALL.md says.`
    )
  if (verification.ok) {
    const checked = (script.contents ?? []).join(', ')
    return found(
      'pass',
      `\`${file}\` created, and passing in a clean environment: it imports ${checked} as users will.`
    )
  }
  return found(
    'fail',
    `\`${file}\` fails in a clean environment, as it will for users: ${verification.reason}.`
  )
}
