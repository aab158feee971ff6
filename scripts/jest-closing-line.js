// Ends a Jest run with the plain closing line CI tooling reads: `N passed, N failed[, N skipped]`.
export default class ClosingLineReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests
    const line = `${results.numPassedTests} passed, ${results.numFailedTests} failed`
    process.stdout.write(`\n${skipped > 0 ? `${line}, ${skipped} skipped` : line}\n`)
  }
}
