/**
 * The post step's logic (`runs.post` starts post-index.ts, which calls `run`): saves what the main step
 * downloaded or built up (the toolchain, the compile cache) to the Actions cache. With nothing to save
 * it loads nothing more, so a warm job's post step costs little more than a Node start.
 */
import { postHasWork } from './toolchain/cache-state.js'

export async function run(): Promise<void> {
  if (postHasWork()) await (await import('./toolchain/cache.js')).saveCaches()
}
