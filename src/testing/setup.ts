// Loaded before every test file (vitest.config.ts setupFiles).
//
// Most end-to-end tests run the CLI with spawnSync, and a run of synchronous tests never gives the
// worker's event loop a turn: vitest awaits each test, but an await on a finished test is a
// microtask. A test file of such tests (a minute of CLI runs) then keeps the worker from reading
// vitest's replies to its progress messages, whose 60 s timer fires first when the loop turns at
// last: "[vitest-worker]: Timeout calling onTaskUpdate", an error that fails a green run. A turn
// of the event loop after each test lets the replies in.
import { afterEach } from 'vitest';

afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
