/**
 * The problem matcher that turns `mojo` diagnostics in later `run:` steps into annotations. The
 * action annotates its own compiles itself: register the matcher after they are logged, or their
 * diagnostics would be annotated twice.
 * The JSON is `.github/mojo-problem-matcher.json`; scripts/bundle.mjs copies it beside dist/index.js.
 */
import * as core from '@actions/core'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const MATCHER_FILE = 'mojo-problem-matcher.json'

/** `file` defaults to the copy next to the running bundle. */
export function registerProblemMatcher(
  file = path.join(path.dirname(fileURLToPath(import.meta.url)), MATCHER_FILE)
): void {
  core.info(`::add-matcher::${file}`)
}
