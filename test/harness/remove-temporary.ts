import { afterAll } from 'vitest';
import { removeTemporaryDirectories } from '../server/support/temporary.js';

// A setup file (vitest.config.ts): its `afterAll` is the file's first, so it runs after the file's own.
afterAll(() => removeTemporaryDirectories());
