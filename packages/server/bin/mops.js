#!/usr/bin/env node
// The `mops` command. mops runs its TypeScript directly on Node ≥ 22.18 (type stripping); the
// project pins Node 24 as a dev dependency, which npm scripts and `npx mops` put first on PATH.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `mops needs Node.js 22.18 or newer (this is ${process.version}). Run it through npm ("npx mops …" or "npm start") ` +
      'so the Node 24 pinned by the project is used, or install Node 24.\n',
  );
  process.exit(3);
}
// File-mode commands whose speed is measured with process start included load only themselves:
// importing every command (and all of @mops/core) costs more than their work (~0.7–1 s).
if (process.argv[2] === 'attribution') {
  const { runAttributionCli } = await import('../src/cli/commands/attribution.command.ts');
  await runAttributionCli(process.argv);
} else {
  const { main } = await import('../src/cli/main.ts');
  await main(process.argv);
}
