// Starting a worker from a sibling module, both from src/ under tsx and from dist/.
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** Starts `<name>.ts` or `<name>.js` beside `from`, keeping the extension `from` has. */
export function spawnModuleWorker(from: URL, name: string, workerData: unknown): Worker {
  const ext = extname(fileURLToPath(from));
  const url = new URL(`./${name}${ext}`, from);
  if (ext !== '.ts') return new Worker(url, { workerData });
  // Node 20 does not apply the inherited `--import tsx` hooks to a worker's entry module
  // (tsx issue #354, ERR_UNKNOWN_FILE_EXTENSION), so under tsx the entry is loaded through
  // tsx's own API. Only source runs take this path; dist/ loads plain .js.
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `const { tsImport } = await import(${JSON.stringify(tsx)});
await tsImport(${JSON.stringify(url.href)}, ${JSON.stringify(from.href)});`;
  return new Worker(code, { eval: true, workerData });
}
