#!/usr/bin/env node
// kubectl's plugin completion hook (kubectl >= 1.26): `kubectl mux <TAB>` runs `kubectl_complete-mux <words after
// "kubectl mux">` and reads cobra's __complete answer, which is exactly what `kubemux __complete` prints.
'use strict';
require('../dist/complete.cjs')
  .main(['__complete', ...process.argv.slice(2)])
  .then((code) => {
    process.exitCode = code;
  });
