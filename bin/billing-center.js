#!/usr/bin/env node
// The `billing-center` command (package.json "bin"): runs the TypeScript CLI through tsx, a
// runtime dependency, so `npx billing-center …` works without a build step.
import { register } from 'tsx/esm/api';

register();
const { runCli, exitAfterOutput } = await import('../src/cli/main.ts');
await exitAfterOutput(await runCli(process.argv.slice(2)));
