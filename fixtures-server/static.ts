// Static files under one root folder (by default fixtures-server/static/, for shims a scenario may
// import). No spelling of a path reaches a file outside the root: the raw path is refused if it holds
// encoded slashes or backslashes, double encoding, NUL, dot segments or dotfiles; what is left is
// decoded once, joined, resolved with realpath (so symlinks count where they point), and served
// only if the real path is inside the real root and is a regular file.

import { promises as fs } from 'node:fs';
import { constants as fsConstants } from 'node:fs';
import path from 'node:path';
import { HttpError } from './errors.js';

const MAX_STATIC_BYTES = 1024 * 1024;

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticFile {
  body: Buffer;
  contentType: string;
}

/** Checks a raw (still percent-encoded) relative path and returns its decoded segments. */
export function staticSegments(rawPath: string): string[] {
  const bad = (why: string): never => {
    throw new HttpError(400, `path: ${why}`, 'path');
  };
  if (rawPath === '') bad('empty');
  if (/%(2f|5c|25|00)/i.test(rawPath)) bad('must not contain encoded "/", "\\", "%" or NUL');
  if (rawPath.includes('\\')) bad('must not contain a backslash');
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return bad('is not valid percent-encoding');
  }
  if (/[\x00-\x1f\x7f\\:]/.test(decoded)) bad('must not contain control characters, ":" or "\\"');
  const segments = decoded.split('/');
  for (const s of segments) {
    if (s === '' || s === '.' || s === '..') bad('must not contain empty or dot segments');
    if (s.startsWith('.')) bad('must not name a dotfile');
  }
  return segments;
}

export class StaticFiles {
  private realRoot: Promise<string | null> | undefined;

  constructor(private readonly root: string) {}

  private rootPath(): Promise<string | null> {
    this.realRoot ??= fs.realpath(this.root).catch(() => null);
    return this.realRoot;
  }

  async read(rawPath: string): Promise<StaticFile> {
    const segments = staticSegments(rawPath);
    const root = await this.rootPath();
    const notFound = new HttpError(404, `no static file ${rawPath}`, 'path');
    if (root === null) throw notFound;
    const joined = path.join(root, ...segments);
    let real: string;
    try {
      real = await fs.realpath(joined);
    } catch {
      throw notFound;
    }
    if (!real.startsWith(root + path.sep)) {
      throw new HttpError(403, 'path: resolves outside the static folder', 'path');
    }
    // Only a regular file is opened: open() of a FIFO blocks until a writer appears (and would hold
    // every later static request behind it), a device may never end. lstat, because the real path
    // has no symlinks left; O_NOFOLLOW | O_NONBLOCK, and fstat compared with lstat, in case the
    // entry was swapped for a symlink or a FIFO in between.
    const before = await fs.lstat(real).catch(() => null);
    if (!before?.isFile()) throw notFound;
    if (before.size > MAX_STATIC_BYTES) throw new HttpError(403, 'path: file too large to serve', 'path');
    const flags = fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW | fsConstants.O_NONBLOCK;
    const handle = await fs.open(real, flags).catch(() => null);
    if (!handle) throw notFound;
    try {
      const stat = await handle.stat();
      if (!stat.isFile() || stat.ino !== before.ino || stat.dev !== before.dev) throw notFound;
      if (stat.size > MAX_STATIC_BYTES) throw new HttpError(403, 'path: file too large to serve', 'path');
      // Read at most the size just checked, even if the file grows meanwhile.
      const body = Buffer.alloc(stat.size);
      let filled = 0;
      while (filled < body.length) {
        const { bytesRead } = await handle.read(body, filled, body.length - filled, filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return { body: body.subarray(0, filled), contentType: TYPES[path.extname(real).toLowerCase()] ?? 'application/octet-stream' };
    } finally {
      await handle.close();
    }
  }
}
