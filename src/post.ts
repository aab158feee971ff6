/**
 * Entry point of `runs.post`: saves what the main step downloaded or built up (the toolchain, the
 * compile cache) to the Actions cache. With nothing to save it loads nothing more, so a warm job's post
 * step costs little more than a Node start.
 */
import { postHasWork } from './toolchain/cache-state.js'

if (postHasWork()) await (await import('./toolchain/cache.js')).saveCaches()
// Keep-alive sockets of the cache client can hold the process for minutes after a save.
process.exit()
