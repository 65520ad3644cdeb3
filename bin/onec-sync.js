#!/usr/bin/env node
// The CLI entry. The sources are TypeScript run through tsx's loader, so a fresh
// clone needs no build step: `npm install` and this file are enough.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
