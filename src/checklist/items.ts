/**
 * The package guide's release checklist, as the job summary shows it: each item in the guide's words,
 * with what this run found. Stages add their findings; the summary renders them. Pure.
 */

/** The guide's checklist items this action checks, in the guide's order and words. */
export const CHECKLIST_ITEMS = [
  'Version bump appropriately (patch/minor/major)',
  'CHANGELOG.md updated with changes',
  'License included in package',
  'No artifacts committed to git',
  'Installation verification script created and passing'
] as const
type ChecklistItem = (typeof CHECKLIST_ITEMS)[number]

/** `pass`: checked and fine; `warn`/`fail`: a finding; `skip`: not checked on this run (detail says why). */
export type FindingState = 'pass' | 'warn' | 'fail' | 'skip'

export interface Finding {
  item: ChecklistItem
  state: FindingState
  /** One line for the summary: what was found, and the fix when it is not `pass`. */
  detail: string
  /** Workspace-relative file the finding is about (a mojo.toml, CHANGELOG.md), for the annotation. */
  file?: string
}
