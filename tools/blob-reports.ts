// What `npm run conformance -- --merge DIR` checks before Playwright's merge-reports runs: the
// folder holds Playwright blob reports (every *.zip in it, as merge-reports takes them), each a
// whole zip file with a *.jsonl report whose first event is the blob metadata. Without this, an
// empty folder or a corrupt zip ends in a Playwright stack that names no file.
//
// The zip reader reads only what that takes: the end-of-central-directory record, the central
// directory's names, and one entry (stored or deflated). Standard library only.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

export class BlobReportError extends Error {
  override name = 'BlobReportError';
}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The entries of a zip file's central directory; throws a one-line Error describing the damage. */
export function zipEntries(buf: Buffer): ZipEntry[] {
  if (buf.length < 22) throw new Error(buf.length === 0 ? 'is empty' : 'is not a zip file (too short)');
  if (buf.readUInt32LE(0) !== LOCAL && buf.readUInt32LE(0) !== EOCD) throw new Error('is not a zip file');
  // The end-of-central-directory record: 22 bytes plus a comment of up to 65535.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('is truncated or damaged (no end of central directory)');
  const count = buf.readUInt16LE(eocd + 10);
  const size = buf.readUInt32LE(eocd + 12);
  const offset = buf.readUInt32LE(eocd + 16);
  if (offset + size > eocd) throw new Error('is truncated or damaged (central directory out of bounds)');
  const entries: ZipEntry[] = [];
  let p = offset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== CENTRAL) throw new Error(`is damaged (central directory entry ${n})`);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    entries.push({
      name: buf.toString('utf8', p + 46, p + 46 + nameLength),
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      localHeaderOffset: buf.readUInt32LE(p + 42),
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The uncompressed bytes of one entry (stored or deflated). */
export function zipEntryData(buf: Buffer, entry: ZipEntry): Buffer {
  const h = entry.localHeaderOffset;
  if (h + 30 > buf.length || buf.readUInt32LE(h) !== LOCAL) throw new Error(`is damaged (local header of ${entry.name})`);
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  const data = buf.subarray(start, start + entry.compressedSize);
  if (data.length !== entry.compressedSize) throw new Error(`is truncated (${entry.name})`);
  if (entry.method === 0) return data;
  if (entry.method !== 8) throw new Error(`uses an unsupported compression method ${entry.method} (${entry.name})`);
  try {
    return inflateRawSync(data);
  } catch (e) {
    throw new Error(`is damaged (${entry.name}: ${(e as Error).message})`);
  }
}

/** The problem with one blob report file, or null when it is one. */
export function blobReportProblem(file: string): string | null {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (e) {
    return `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
  }
  try {
    const reports = zipEntries(buf).filter((e) => e.name.endsWith('.jsonl'));
    if (reports.length === 0) return 'is a zip file but holds no Playwright blob report (no *.jsonl inside)';
    for (const entry of reports) {
      const text = zipEntryData(buf, entry).toString('utf8');
      const first = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
      let method: unknown;
      try {
        method = (JSON.parse(first) as { method?: unknown }).method;
      } catch {
        method = undefined;
      }
      if (method !== 'onBlobReportMetadata') return `is not a Playwright blob report (${entry.name} does not start with its metadata)`;
    }
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Check a --merge folder; returns its blob report files (sorted, as merge-reports takes them). */
export function checkBlobFolder(dir: string): string[] {
  const zips = readdirSync(dir)
    .filter((f) => f.endsWith('.zip'))
    .sort();
  if (zips.length === 0) throw new BlobReportError(`${dir} holds no blob reports (report-*.zip, written by --shard runs under <out>/blob/)`);
  for (const f of zips) {
    const problem = blobReportProblem(join(dir, f));
    if (problem !== null) throw new BlobReportError(`${join(dir, f)} ${problem}`);
  }
  return zips;
}
