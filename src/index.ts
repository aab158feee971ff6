/**
 * Entry point of the one bundle that serves both `runs.main` and `runs.post`:
 * the main step records state, and its presence tells the post step apart.
 */
import * as core from '@actions/core'
import { run } from './main.js'
import { post } from './post.js'

const isPost = core.getState('isPost') === 'true'
if (!isPost) core.saveState('isPost', 'true')

await (isPost ? post() : run())
