/** Entry point of the merge action's `runs.main` (merge/action.yml): runs merge/merge.ts. */
import { run } from './merge/merge.js'

await run()
