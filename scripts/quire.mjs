#!/usr/bin/env node
// The `quire` bin: runs the TypeScript CLI in this process through tsx's loader (a devDependency).
import { register } from 'tsx/esm/api';

register();
await import('../src-main/cli/quire.ts');
