#!/usr/bin/env node
// Entry point for both `kubemux` and `kubectl-mux`. Shell completion runs this on every TAB, so the `__complete`
// path loads only the small completion bundle; everything else loads the commander CLI. The exit code is set, never
// forced with process.exit(), so stdout can finish flushing into a pipe.
const argv = process.argv.slice(2);
const entry = argv[0] === '__complete' ? '../dist/complete.js' : '../dist/cli.js';
const { main } = await import(entry);
process.exitCode = await main(argv);
