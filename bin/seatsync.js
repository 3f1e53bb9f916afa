#!/usr/bin/env node
'use strict';
// A shim: the CLI is TypeScript (src/cli), compiled by `npm run build` to dist/src/cli.
const entry = require('node:path').join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
if (!require('node:fs').existsSync(entry)) { process.stderr.write('seatsync: the CLI is not built; run npm run build first\n'); process.exit(1); }
require(entry).main();
