/** Runs the Mojo driver as a child process: argv, never a shell; the toolchain's environment added. */
import { spawn } from 'node:child_process'
import type { Toolchain } from '../types.js'

export interface MojoResult {
  code: number
  stdout: string
  stderr: string
}

export function runMojo(toolchain: Toolchain, args: string[], cwd?: string): Promise<MojoResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(toolchain.mojo, args, {
      cwd,
      env: { ...process.env, ...toolchain.env },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code, signal) => {
      if (signal) stderr += `\nmojo was killed by ${signal}`
      resolve({ code: code ?? 1, stdout, stderr })
    })
  })
}
