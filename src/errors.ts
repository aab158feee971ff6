/**
 * Typed errors. Every error the user can cause names what is wrong (an input, a file, a package)
 * and says what to do; `src/main.ts` turns them into one `core.setFailed` line.
 */
import { withoutCredentials } from './log.js'
import type { PackageResult } from './types.js'

export class ActionError extends Error {
  constructor(message: string) {
    // A message may name an index or mirror URL: its credentials never reach the log or the summary.
    super(withoutCredentials(message))
    this.name = new.target.name
  }
}

/** An action input has a value we cannot use. */
export class InputError extends ActionError {
  constructor(
    readonly input: string,
    message: string
  ) {
    super(`Input '${input}': ${message}`)
  }
}

/** A project file (mojo.toml, pixi.toml, pixi.lock, pyproject.toml, ...) is missing something or malformed. */
export class ProjectFileError extends ActionError {
  constructor(
    readonly file: string,
    message: string
  ) {
    super(`${file}: ${message}`)
  }
}

/** Resolving, downloading, verifying or extracting the Mojo toolchain failed. */
export class ToolchainError extends ActionError {}

/** An index or file server did not send its response headers in time (worth retrying). */
export class IndexTimeoutError extends ToolchainError {}

/** Compiling packages or writing archives failed. */
export class BuildError extends ActionError {}

/** A package did not compile: what became of every package, for the job summary. */
export class CompileError extends BuildError {
  constructor(
    message: string,
    readonly packages: PackageResult[]
  ) {
    super(message)
  }
}

/** A built artifact did not install or work in a clean environment. */
export class VerifyError extends ActionError {}

/** Uploading artifacts failed. */
export class PublishError extends ActionError {}

/**
 * A project file or folder the action would read is not a plain file or folder of the repository: a
 * symbolic link leading out of it, or a FIFO, device or socket. `file` is workspace-relative.
 */
export class WorkspaceFileError extends ProjectFileError {}
