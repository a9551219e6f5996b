#!/usr/bin/env node
// Entry point for both `kubemux` and `kubectl-mux`. Shell completion runs this on every TAB, so `__complete` loads
// only the small completion bundle; everything else loads the commander CLI, which imports each command when it runs.
// This file and both bundles are CommonJS (bin/package.json, scripts/build.mjs): `--help` and TAB never pay for
// starting Node's ES module loader. The exit code is set, never forced with process.exit(), so stdout can finish
// flushing into a pipe.
'use strict';
const argv = process.argv.slice(2);
const { main } = require(argv[0] === '__complete' ? '../dist/complete.cjs' : '../dist/cli.cjs');
main(argv).then((code) => {
  process.exitCode = code;
});
