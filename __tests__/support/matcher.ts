/** What the runner annotates for one output line: each problem matcher's regexp, applied as JS runs it. */
import fs from 'node:fs'

interface Pattern {
  regexp: string
  file?: number
  line?: number
  column?: number
  severity: number
  message: number
}

export function annotateLine(matcherFile: string, text: string) {
  const { problemMatcher } = JSON.parse(fs.readFileSync(matcherFile, 'utf8')) as {
    problemMatcher: { owner: string; pattern: Pattern[] }[]
  }
  return problemMatcher.flatMap(({ owner, pattern: [p] }) => {
    const m = new RegExp(p.regexp).exec(text)
    if (!m) return []
    const group = (i?: number) => (i === undefined ? undefined : m[i])
    return [
      {
        owner,
        file: group(p.file),
        line: group(p.line),
        column: group(p.column),
        severity: group(p.severity),
        message: group(p.message)
      }
    ]
  })
}
