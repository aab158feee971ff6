/** Entry point of `runs.main` (`runs.post` is post-index.ts). */
import { run } from './main.js'

await run()
