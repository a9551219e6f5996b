#!/usr/bin/env node
// kubectl's plugin completion hook (kubectl >= 1.26): `kubectl mux <TAB>` runs `kubectl_complete-mux <words after
// "kubectl mux">` and reads cobra's __complete answer, which is exactly what `kubemux __complete` prints.
const { main } = await import('../dist/complete.js');
process.exitCode = await main(['__complete', ...process.argv.slice(2)]);
