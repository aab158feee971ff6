/**
 * SPDX license expressions (SPDX 2.3 annex D), as wheel METADATA's License-Expression and conda's
 * `license` take them: `MIT`, `Apache-2.0 OR MIT`, `(MIT AND BSD-3-Clause) WITH LLVM-exception`,
 * `GPL-2.0+`, `LicenseRef-mine`. The check is of form only: an identifier is letters, digits, `.` and
 * `-`, not looked up in the SPDX list (which changes faster than this action).
 */
const ID = /^[A-Za-z0-9][A-Za-z0-9.-]*$/
const REF = /^(DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$/
const OPERATORS = new Set(['AND', 'OR', 'WITH'])

const isOperator = (token: string | undefined, op: string): boolean =>
  token === op || token === op.toLowerCase()

/** Whether `text` is an SPDX license expression. */
export function isSpdxExpression(text: string): boolean {
  const tokens = text.match(/\(|\)|[^\s()]+/g) ?? []
  let at = 0
  const isId = (token: string | undefined): boolean =>
    token !== undefined && !OPERATORS.has(token.toUpperCase()) && (REF.test(token) || ID.test(token))
  // or := and (OR and)* ; and := with (AND with)* ; with := atom [WITH id] ; atom := '(' or ')' | id['+']
  const atom = (): boolean => {
    const token = tokens[at++]
    if (token === '(') return or() && tokens[at++] === ')'
    if (token === undefined) return false
    return isId(token.endsWith('+') && !REF.test(token) ? token.slice(0, -1) : token)
  }
  const withExpr = (): boolean => {
    if (!atom()) return false
    if (!isOperator(tokens[at], 'WITH')) return true
    at++
    return isId(tokens[at++])
  }
  const and = (): boolean => {
    if (!withExpr()) return false
    while (isOperator(tokens[at], 'AND')) {
      at++
      if (!withExpr()) return false
    }
    return true
  }
  const or = (): boolean => {
    if (!and()) return false
    while (isOperator(tokens[at], 'OR')) {
      at++
      if (!and()) return false
    }
    return true
  }
  return tokens.length > 0 && or() && at === tokens.length
}
