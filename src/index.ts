/** Entry point of `runs.main` (`runs.post` is post.ts). */
import { run } from './main.js'

await run()
