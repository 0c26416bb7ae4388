// Rewrites the generated parameter table in README.md from src/params/schema.ts (run via npm run docs).
import { readFileSync, writeFileSync } from 'node:fs';
import { replaceParamsTable } from '../dist/src/params/markdown-table.js';

const path = new URL('../README.md', import.meta.url);
writeFileSync(path, replaceParamsTable(readFileSync(path, 'utf8')));
console.log('README.md parameter table updated');
