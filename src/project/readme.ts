/** A package's README: the long description of its wheel (METADATA body) and conda package (about.json). */
import path from 'node:path'
import { readWorkspaceFile, workspaceFile } from '../workspace-files.js'

const READMES = [
  ['README.md', 'text/markdown'],
  ['README.txt', 'text/plain'],
  ['README', 'text/plain']
] as const

interface Readme {
  text: string
  contentType: (typeof READMES)[number][1]
}

/**
 * The README of the package folder `relDir` (the first of README.md, README.txt, README), resolved like
 * every project file: a link out of the repository throws, so the project stage can refuse it early.
 */
export function readmeFile(
  workspace: string,
  relDir: string
): { file: string; contentType: Readme['contentType'] } | undefined {
  for (const [name, contentType] of READMES) {
    const file = path.join(relDir, name)
    if (workspaceFile(workspace, file, 'README') !== undefined) return { file, contentType }
  }
  return undefined
}

export async function readReadme(workspace: string, relDir: string): Promise<Readme | undefined> {
  const found = readmeFile(workspace, relDir)
  const text = found && (await readWorkspaceFile(workspace, found.file, 'README'))
  return text === undefined || found === undefined ? undefined : { text, contentType: found.contentType }
}
