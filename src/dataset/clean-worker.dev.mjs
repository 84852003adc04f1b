// Only when promptsieve runs from its TypeScript sources (tsx): Node 20 does not hand the main thread's
// loader hooks to worker threads, so this registers tsx in the worker and then loads the real worker.
// The built package (dist/) starts clean-worker.js directly and never reads this file.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./clean-worker.ts');
export default worker.default;
