#!/usr/bin/env node
// Entry point of the `lambdaboost` command: the compiled CLI bundled per command
// (scripts/build-cli.js; npm install builds it).
import { main } from '../dist/cli-bundle/main.js';

process.exitCode = await main(process.argv.slice(2));
