/** The release checklist's findings as annotations, and as the step's error when one failed. */
import { annotate } from '../annotate.js'
import { CHECKLIST_ITEMS, type Finding } from './items.js'

/** Warnings and failures as annotations at their file (passes and skips are in the summary only). */
export function annotateFindings(findings: Finding[]): void {
  for (const f of findings) {
    const properties = { title: f.item, ...(f.file === undefined ? {} : { file: f.file }) }
    if (f.state === 'fail') annotate('error', f.detail, properties)
    else if (f.state === 'warn') annotate('warning', f.detail, properties)
  }
}

/** The step's error when a finding failed: each failed item in the guide's words, with what was found. */
export function checklistFailure(findings: Finding[]): string | undefined {
  const failed = findings.filter((f) => f.state === 'fail')
  if (failed.length === 0) return undefined
  const items = CHECKLIST_ITEMS.filter((item) => failed.some((f) => f.item === item))
  const said = items.map((item) => {
    const details = failed.filter((f) => f.item === item).map((f) => f.detail.replace(/\.$/, ''))
    return `${item}: ${details.join('; ')}.`
  })
  return `The release checklist failed. ${said.join(' ')}`
}
