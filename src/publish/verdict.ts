/** Whether the release passes: every artifact verified, uploaded, and no failing checklist item. Pure. */
import { checklistFailure } from '../checklist/findings.js'
import type { Finding } from '../checklist/items.js'
import type { ActionError } from '../errors.js'
import type { Artifact } from '../types.js'

interface VerdictInput {
  artifacts: Artifact[]
  /** output-dir relative to the workspace, where the files stay for inspection. */
  outputDir: string
  uploadFailure?: ActionError
  findings: Finding[]
}

/** The step's error, one problem a line, or undefined when the release passes. */
export function releaseFailure(input: VerdictInput): string | undefined {
  const failed = input.artifacts.filter((a) => a.verification && !a.verification.ok)
  const problems: string[] = []
  if (failed.length > 0) {
    // One line per distinct reason: a package that fails as .mojoc usually fails as wheel and conda too.
    const byReason = new Map<string, string[]>()
    for (const a of failed) {
      const reason = a.verification?.reason ?? 'failed'
      byReason.set(reason, [...(byReason.get(reason) ?? []), a.file])
    }
    problems.push(
      `${failed.length} of ${input.artifacts.length} artifacts did not install and work in a clean environment ` +
        `(the built files are in ${input.outputDir || '.'} for inspection):\n` +
        [...byReason].map(([reason, files]) => `- ${reason}: ${files.join(', ')}`).join('\n')
    )
  }
  if (input.uploadFailure) problems.push(input.uploadFailure.message)
  // Release checks fail the step only now: the summary shows the whole checklist, and the files were uploaded.
  const checklist = checklistFailure(input.findings)
  if (checklist !== undefined) problems.push(checklist)
  return problems.length > 0 ? problems.join('\n') : undefined
}
