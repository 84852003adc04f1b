import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
import { SieveError } from '../errors.js';

/**
 * Model files are code: an ONNX graph or a tokenizer is parsed by native code, so every file of a
 * model directory is checked against pinned SHA-256 sums before anything reads it.
 */

/** The manifest file, in `sha256sum` format (`<hex>  <path>`), covering every other file. */
export const MANIFEST = 'SHA256SUMS';

/** Formats that are data only. `.md` is documentation (TRAINING.md, README.md): never loaded. */
export const ACCEPTED_EXTENSIONS = ['.onnx', '.onnx_data', '.json', '.txt', '.model', '.safetensors', '.md'] as const;

/** Pickle and friends run arbitrary code when loaded. */
const PICKLE_EXTENSIONS = ['.bin', '.pt', '.pth', '.pkl', '.pickle', '.ckpt', '.joblib', '.npy', '.npz'];
// The code's general help ("missing, unexpected, of a refused format…") would not say what to do.
const PICKLE_HELP = 'Convert the weights to .onnx (e.g. `optimum-cli export onnx --task text-classification`) or .safetensors, remove the pickle file, and pin the new files in SHA256SUMS.';
const isPickle = (path: string): boolean => PICKLE_EXTENSIONS.some((ext) => path.toLowerCase().endsWith(ext));
const CODE_EXTENSIONS = ['.py', '.pyc', '.js', '.mjs', '.cjs', '.so', '.dll', '.dylib', '.sh'];

export type VerifiedFile = { path: string; sha256: string; bytes: number };
export type VerifiedModel = {
  dir: string;
  files: VerifiedFile[];
  /** SHA-256 over the sorted `hash  path` lines: one value that changes when any file does. */
  digest: string;
};

export type VerifyOptions = {
  /** Pinned hashes by relative path; when given, they replace SHA256SUMS as the manifest. */
  sha256?: Record<string, string>;
};

const HEX64 = /^[0-9a-f]{64}$/;
// `sha256sum` output: hash, a space, then ' ' (text) or '*' (binary) mode, then the path. Anchored, no nesting: linear.
const MANIFEST_LINE = /^([0-9a-fA-F]{64}) [ *](.+)$/;

const refuse = (message: string, help?: string): SieveError =>
  new SieveError('ERR_SIEVE_MODEL_VERIFY', message, help === undefined ? undefined : { help });

/** Why a file's format is refused, or undefined when it is accepted. */
export function refusedFormat(path: string): string | undefined {
  const name = path.toLowerCase();
  const dot = name.lastIndexOf('.');
  const ext = dot > name.lastIndexOf('/') ? name.slice(dot) : '';
  if ((ACCEPTED_EXTENSIONS as readonly string[]).includes(ext)) return undefined;
  if (PICKLE_EXTENSIONS.includes(ext)) {
    return `"${path}" is a pickle-family file (${ext}); loading pickle can run arbitrary code, so it is never accepted. Use an ONNX or safetensors export.`;
  }
  if (CODE_EXTENSIONS.includes(ext)) {
    return `"${path}" is code (${ext}); model directories may hold data only, and remote code is never run.`;
  }
  return `"${path}" has an unsupported format; accepted: ${ACCEPTED_EXTENSIONS.join(', ')}.`;
}

/** Parses a SHA256SUMS text into `{path: hash}`; malformed lines and unsafe paths are refused. */
export function parseManifest(text: string, where = MANIFEST): Record<string, string> {
  const entries: Record<string, string> = {};
  const lineOf: Record<string, number> = {};
  text.split('\n').forEach((raw, index) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    const match = MANIFEST_LINE.exec(line);
    if (!match) throw refuse(`${where} line ${index + 1} is not "<sha256>  <path>".`);
    const path = normalisePath(match[2]!, `${where} line ${index + 1}`);
    const hash = match[1]!.toLowerCase();
    // A manifest that disagrees with itself pins nothing: the last line must not silently win.
    if (entries[path] !== undefined && entries[path] !== hash) {
      throw refuse(`${where} lines ${lineOf[path]} and ${index + 1} give "${path}" different hashes.`);
    }
    entries[path] = hash;
    lineOf[path] ??= index + 1;
  });
  return entries;
}

/** Formats `{path: hash}` as a SHA256SUMS text, sorted by path. */
export function formatManifest(hashes: Record<string, string>): string {
  return Object.keys(hashes)
    .sort()
    .map((path) => `${hashes[path]}  ${path}\n`)
    .join('');
}

/**
 * `{path: hash}` pins as the manifest would hold them: paths normalised (`./config.json` is `config.json`)
 * and kept inside the directory, hashes 64 hex digits in lower case. `model verify` and `model pull` read
 * pins alike through this.
 */
export function normalisePins(pins: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, hash] of Object.entries(pins)) {
    if (!HEX64.test(hash.toLowerCase())) throw refuse(`The pinned hash of "${path}" is not 64 hex digits.`);
    const clean = normalisePath(path, 'sha256 option');
    if (out[clean] !== undefined && out[clean] !== hash.toLowerCase()) throw refuse(`The sha256 option gives "${clean}" two different hashes.`);
    out[clean] = hash.toLowerCase();
  }
  return out;
}

function normalisePath(path: string, where: string): string {
  const clean = posix.normalize(path.replace(/^\.\//, ''));
  if (clean.startsWith('../') || clean === '..' || posix.isAbsolute(clean) || clean.includes('\\') || clean.includes('\0')) {
    throw refuse(`${where} names "${path}", which is outside the model directory.`);
  }
  return clean;
}

/** Lists every regular file under `dir` as a posix relative path; links and special files are refused. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(current: string): Promise<void> {
    const entries = await readdir(current, { withFileTypes: true });
    for (const entry of entries) {
      const full = join(current, entry.name);
      const path = relative(dir, full).split(sep).join('/');
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) out.push(path);
      else throw refuse(`"${path}" is a link or special file; a model directory may hold regular files only.`);
    }
  }
  await walk(dir);
  return out.sort();
}

/** SHA-256 of a file, streamed so that a large hub model does not have to fit in memory twice. */
export async function hashFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** Hashes every file of a directory (except the manifest) into `{path: hash}`. */
export async function hashDirectory(dir: string): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const path of await listFiles(dir)) {
    if (path === MANIFEST) continue;
    hashes[path] = (await hashFile(join(dir, path))).sha256;
  }
  return hashes;
}

/**
 * Verifies a model directory: every file is listed in the manifest (SHA256SUMS, or the pinned
 * `sha256` option), has an accepted format, and matches its hash; nothing listed is missing.
 * Throws ERR_SIEVE_MODEL_VERIFY naming the first offending file.
 */
export async function verifyModelDir(dir: string, options: VerifyOptions = {}): Promise<VerifiedModel> {
  const stat = await lstat(dir).catch(() => undefined);
  if (stat?.isSymbolicLink()) {
    throw refuse(`Model directory "${dir}" is a symbolic link; links are refused, pass the directory it points to.`);
  }
  if (!stat?.isDirectory()) throw refuse(`Model directory "${dir}" does not exist or is not a directory.`);

  const present = await listFiles(dir);
  for (const path of present) {
    const why = path === MANIFEST ? undefined : refusedFormat(path);
    if (why) throw refuse(why, isPickle(path) ? PICKLE_HELP : undefined);
  }

  let expected: Record<string, string>;
  if (options.sha256 !== undefined) {
    expected = normalisePins(options.sha256);
  } else {
    if (!present.includes(MANIFEST)) {
      throw refuse(`Model directory "${dir}" has no ${MANIFEST}; pin its files with a manifest or the \`sha256\` option.`, 'Run `promptsieve model pull` or write SHA256SUMS with `sha256sum`, after checking the files.');
    }
    expected = parseManifest(await readFile(join(dir, MANIFEST), 'utf8'));
  }
  if (Object.keys(expected).length === 0) throw refuse(`The manifest of "${dir}" lists no files.`);

  for (const path of Object.keys(expected)) {
    const why = refusedFormat(path);
    if (why) throw refuse(why);
    // Refusals name the sha256 option when it was used: the user did not use a manifest.
    if (!present.includes(path)) {
      throw refuse(options.sha256 !== undefined ? `"${path}" is pinned by the sha256 option but missing from "${dir}".` : `"${path}" is listed in the manifest but missing from "${dir}".`);
    }
  }
  for (const path of present) {
    if (path === MANIFEST) continue;
    if (!(path in expected)) {
      throw refuse(
        options.sha256 !== undefined
          ? `"${path}" is not pinned by the sha256 option; pins replace SHA256SUMS, so every file of "${dir}" needs one (unexpected files are refused).`
          : `"${path}" is not listed in the manifest of "${dir}"; unexpected files are refused.`,
      );
    }
  }

  const files: VerifiedFile[] = [];
  for (const path of Object.keys(expected).sort()) {
    const { sha256, bytes } = await hashFile(join(dir, path));
    if (sha256 !== expected[path]) {
      throw refuse(`"${path}" does not match its pinned SHA-256 (expected ${expected[path]!.slice(0, 12)}…, found ${sha256.slice(0, 12)}…); the file was changed or corrupted.`);
    }
    files.push({ path, sha256, bytes });
  }
  const digest = createHash('sha256').update(formatManifest(expected)).digest('hex');
  return { dir, files, digest };
}
