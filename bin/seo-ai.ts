#!/usr/bin/env node
import module from 'node:module';

// Node 22.1 and later keep the compiled code of the modules a run loaded, so the next run starts
// faster; Node 20 has no such cache, and this does nothing there.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const { main } = await import('../src/cli/main.js');

// A reader that stops early (`seo-ai audit … | head`) closes the pipe: the output left has no one
// to read it, which is no failure. Nothing more goes to stdout, the run finishes (files it writes
// are still written, atomically), and it ends quietly with 0, as `git log | head` does.
let readerGone = false;
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE' || readerGone) {
    // Said however late it arrives: a pipe's error may come after the command has returned.
    readerGone = true;
    process.exitCode = 0;
    return;
  }
  throw error;
});

const code = await main(process.argv);
process.exitCode = readerGone ? 0 : code;
