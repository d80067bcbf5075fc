import { afterEach } from 'vitest';
import { runAfterEachTest } from './each-test.js';

// Vitest runs this file before each test file, isolated or not: see test/each-test.ts.
afterEach(runAfterEachTest);
