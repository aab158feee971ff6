/** Entry point of `runs.post` (`runs.main` is index.ts): runs post.ts, then ends the process. */
import { run } from './post.js'

await run()
// Keep-alive sockets of the cache client can hold the process for minutes after a save.
process.exit()
