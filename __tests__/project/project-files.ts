/** Project files shaped like real ones, shared by the readers' tests. */

export const PIXI_APP = `
[workspace]
name = "ml-odyssey"
channels = ["https://conda.modular.com/max", "conda-forge"]
platforms = ["linux-64", "linux-aarch64", "osx-arm64"]
preview = ["pixi-build"]

[tasks]
test = "mojo run tests/smoke_data.mojo"

[dependencies]
python = ">=3.11,<3.14"
mojo = "==1.2.0"
`

export const PIXI_NIGHTLY = `
[workspace]
channels = ["https://conda.modular.com/max-nightly", "conda-forge"]
platforms = ["linux-64"]

[dependencies]
mojo = { version = ">=1.0.0b3.dev2026072406,<2", channel = "https://conda.modular.com/max-nightly" }
`

export const PIXI_LIBRARY = `
[workspace]
channels = ["https://conda.modular.com/max"]
platforms = ["linux-64", "osx-arm64"]
preview = ["pixi-build"]

[package]
name = "odyssey-utils"
version = "0.1.0"

[package.build]
backend = { name = "pixi-build-mojo", version = "0.*" }

[package.host-dependencies]
mojo-compiler = "1.2.*"

[package.run-dependencies]
mojo-compiler = "1.2.*"
`

export const MOJOPROJECT = `
[project]
authors = ["Jane Doe <jane@example.com>"]
channels = ["conda-forge", "https://conda.modular.com/max"]
name = "life"
platforms = ["osx-arm64", "linux-64"]
version = "0.1.0"

[tasks]

[dependencies]
mojo = "=0.26.2"
`
