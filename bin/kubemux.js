#!/usr/bin/env node
// Entry point for both `kubemux` and `kubectl-mux`. Shell completion runs this on every TAB, so the `__complete` path
// loads one small CommonJS bundle (this file is CommonJS too, see bin/package.json: Node's ES module loader costs more
// to start than the whole completion); everything else loads the commander CLI, an ES module. The exit code is set,
// never forced with process.exit(), so stdout can finish flushing into a pipe.
'use strict';
const argv = process.argv.slice(2);
const run = argv[0] === '__complete' ? Promise.resolve(require('../dist/complete.cjs')) : import('../dist/cli.js');
run.then(({ main }) => main(argv)).then((code) => {
  process.exitCode = code;
});
