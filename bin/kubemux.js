#!/usr/bin/env node
// Entry point for both `kubemux` and `kubectl-mux`. Shell completion runs this on every TAB, so `__complete` loads
// only the small completion bundle; `contexts` with plain flags loads only its own bundle (no commander: listing
// contexts should start about as fast as Node does, bench/contexts.bench.mjs); everything else loads the commander
// CLI, which imports each command when it runs. This file and those bundles are CommonJS (bin/package.json,
// scripts/build.mjs): these paths never pay for starting Node's ES module loader. The exit code is set, never forced
// with process.exit(), so stdout can finish flushing into a pipe.
'use strict';
const argv = process.argv.slice(2);

function run() {
  if (argv[0] === '__complete') return require('../dist/complete.cjs').main(argv);
  if (argv[0] === 'contexts' || argv[0] === 'ctx') {
    // undefined for `contexts use`, help and anything unusual: commander parses those (and owns their messages).
    const quick = require('../dist/cmd-contexts.cjs').runContextsQuick(argv.slice(1), (err, io) => require('../dist/cli.cjs').reportError(err, io));
    if (quick) return quick;
  }
  return require('../dist/cli.cjs').main(argv);
}

run().then((code) => {
  process.exitCode = code;
});
