/**
 * Annotations on files. The action names files relative to the workspace (`working-directory`);
 * GitHub places an annotation by its path in the repository. When the workspace is a subfolder, the
 * two differ, and an annotation at `shared/data/mojo.toml` would land on no file.
 */
import * as core from '@actions/core'
import path from 'node:path'

/** The workspace's path in the repository (`sub/ws`), '' when it is the repository. */
let workspaceInRepository = ''

/** Called once with the workspace; GITHUB_WORKSPACE is the repository's checkout. */
export function annotateFrom(workspace: string, repository = process.env.GITHUB_WORKSPACE): void {
  const rel = repository ? path.relative(repository, workspace) : ''
  const inside = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)
  workspaceInRepository = inside ? rel.split(path.sep).join('/') : ''
}

/** `core.error`/`core.warning`, with a workspace-relative `file` given as the repository knows it. */
export function annotate(
  level: 'error' | 'warning',
  message: string,
  properties: core.AnnotationProperties
): void {
  const { file } = properties
  const located =
    file === undefined || workspaceInRepository === ''
      ? properties
      : { ...properties, file: path.posix.join(workspaceInRepository, file) }
  if (level === 'error') core.error(message, located)
  else core.warning(message, located)
}
