/**
 * A loopback fake of the parts of the Hugging Face hub that model downloads touch, answering the way
 * the real hub does (as read by @huggingface/hub's modelInfo / pathsInfo / fileDownloadInfo and by
 * Python's huggingface_hub):
 *
 *   GET  /api/models/<repo>/revision/<rev>     repo info JSON with `sha` (the commit of <rev>)
 *   POST /api/models/<repo>/paths-info/<rev>   [{type, path, size, oid, lfs?: {oid, size, pointerSize}, lastCommit?}]
 *   HEAD|GET /<repo>/resolve/<rev>/<path>      regular file: 200/206 with ETag "<git blob sha1>";
 *                                              LFS file: 302 to /cdn-lfs/... with X-Linked-Etag "<sha256>"
 *                                              and X-Linked-Size; always X-Repo-Commit
 *   HEAD|GET /cdn-lfs/repos/<repo>/<sha256>    the CDN: bytes with Range / 206, ETag "<sha256>"
 *
 * Errors carry X-Error-Code like the hub's: RepoNotFound (401, as the hub answers anonymous callers),
 * RevisionNotFound and EntryNotFound (404). Faults can be injected per file through `faults`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';

export interface FakeFileSpec {
  content: Uint8Array | string;
  /** Stored with Git LFS (served through the CDN redirect). Default: true for *.onnx. */
  lfs?: boolean;
}

export interface FakeRepoSpec {
  /** 40 hex digits; default derived from the repo name. */
  commit?: string;
  files: Record<string, FakeFileSpec | Uint8Array | string>;
}

export interface FakeHubFaults {
  /**
   * Stop the body of `file` after `afterBytes` bytes, for the next `times` downloads (default 1).
   * 'reset' (default) drops the connection mid-body as a network failure does; how many of the sent
   * bytes the client keeps then depends on timing (fetch discards chunks it had not read yet).
   * 'short' ends the body early without announcing its length, so exactly `afterBytes` arrive.
   */
  cut?: { file: string; afterBytes: number; times?: number; mode?: 'reset' | 'short' };
  /** Send `afterBytes` body bytes of `file`, then hold the connection open and send nothing more. */
  stall?: { file: string; afterBytes: number };
  /** Serve these files with one byte flipped: same size, same advertised hashes. */
  corrupt?: string[];
  /** Answer 404 EntryNotFound for these files (resolve and paths-info both behave as if absent). */
  missing?: string[];
}

export interface RecordedRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  /** Repo-relative file for resolve and CDN requests, else null. */
  file: string | null;
  range: string | null;
  authorization: string | null;
  /** The response carried file bytes (a GET answered 200/206 by a regular-file resolve or the CDN). */
  servedBytes: boolean;
}

export interface FakeHub {
  url: string;
  requests: RecordedRequest[];
  faults: FakeHubFaults;
  /** Requests answered with bytes of `file`, in order. */
  downloads(file: string): RecordedRequest[];
  close(): Promise<void>;
}

interface StoredFile {
  path: string;
  bytes: Buffer;
  lfs: boolean;
  sha256: string;
  /** Git blob id of what git stores: the file itself, or its LFS pointer. */
  gitOid: string;
  pointerSize: number;
}

interface StoredRepo {
  name: string;
  commit: string;
  files: Map<string, StoredFile>;
}

const sha1 = (data: Buffer | string): string => createHash('sha1').update(data).digest('hex');
const gitBlobOid = (data: Buffer): string => sha1(Buffer.concat([Buffer.from(`blob ${data.length}\0`), data]));

function storeFile(path: string, spec: FakeFileSpec | Uint8Array | string): StoredFile {
  const full: FakeFileSpec = typeof spec === 'string' || spec instanceof Uint8Array ? { content: spec } : spec;
  const bytes = Buffer.from(full.content);
  const lfs = full.lfs ?? path.endsWith('.onnx');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const pointer = Buffer.from(`version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${bytes.length}\n`);
  return { path, bytes, lfs, sha256, gitOid: gitBlobOid(lfs ? pointer : bytes), pointerSize: pointer.length };
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n`; null = no (usable) Range header, 'unsatisfiable' = 416. */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | 'unsatisfiable' {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === '' && m[2] === '')) return null;
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  return start >= size || start > end ? 'unsatisfiable' : { start, end };
}

export async function startFakeHub(repos: Record<string, FakeRepoSpec>): Promise<FakeHub> {
  const stored = new Map<string, StoredRepo>();
  for (const [name, spec] of Object.entries(repos)) {
    const files = new Map(Object.entries(spec.files).map(([p, f]) => [p, storeFile(p, f)] as const));
    stored.set(name, { name, commit: spec.commit ?? sha1(`commit of ${name}`), files });
  }
  const requests: RecordedRequest[] = [];
  const faults: FakeHubFaults = {};
  const held = new Set<http.ServerResponse>();

  const fail = (res: http.ServerResponse, status: number, code: string, message: string): void => {
    res.writeHead(status, { 'Content-Type': 'application/json', 'X-Error-Code': code, 'X-Error-Message': message });
    res.end(JSON.stringify({ error: message }));
  };

  /** Repo and file lookups shared by every route; answers the error itself and returns null. */
  const lookup = (res: http.ServerResponse, repoName: string, rev: string): StoredRepo | null => {
    const repo = stored.get(repoName);
    if (!repo) {
      fail(res, 401, 'RepoNotFound', 'Repository not found');
      return null;
    }
    if (rev !== 'main' && rev !== 'HEAD' && rev !== repo.commit) {
      fail(res, 404, 'RevisionNotFound', `Invalid rev id: ${rev}`);
      return null;
    }
    return repo;
  };
  const fileOf = (repo: StoredRepo, path: string): StoredFile | undefined =>
    faults.missing?.includes(path) ? undefined : repo.files.get(path);

  /** Writes file bytes with Range support and the injected faults (the CDN and regular-file resolves). */
  const serveBytes = (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    record: RecordedRequest,
    file: StoredFile,
    headers: http.OutgoingHttpHeaders,
  ): void => {
    record.file = file.path;
    let bytes = file.bytes;
    if (faults.corrupt?.includes(file.path)) {
      bytes = Buffer.from(bytes);
      const mid = bytes.length >> 1;
      bytes[mid] = (bytes[mid] ?? 0) ^ 0xff;
    }
    const range = parseRange(req.headers.range, bytes.length);
    if (range === 'unsatisfiable') {
      res.writeHead(416, { ...headers, 'Content-Range': `bytes */${bytes.length}` });
      res.end();
      return;
    }
    const { start, end } = range ?? { start: 0, end: bytes.length - 1 };
    const body = bytes.subarray(start, end + 1);
    const cut = req.method === 'GET' && faults.cut?.file === file.path && (faults.cut.times ?? 1) > 0 ? faults.cut : undefined;
    res.writeHead(range ? 206 : 200, {
      ...headers,
      'Accept-Ranges': 'bytes',
      'Content-Type': 'application/octet-stream',
      // Without a length the body is chunked, and its early end is a clean end, not an error.
      ...(cut?.mode !== 'short' && { 'Content-Length': body.length }),
      ...(range && { 'Content-Range': `bytes ${start}-${end}/${bytes.length}` }),
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    record.servedBytes = true;
    if (cut) {
      cut.times = (cut.times ?? 1) - 1;
      const sent = body.subarray(0, cut.afterBytes);
      if (cut.mode === 'short') res.end(sent);
      else res.write(sent, () => res.socket?.destroy());
      return;
    }
    const stall = faults.stall?.file === file.path ? faults.stall : undefined;
    if (stall) {
      held.add(res);
      res.write(body.subarray(0, stall.afterBytes));
      return;
    }
    res.end(body);
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = decodeURIComponent(url.pathname);
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      file: null,
      range: req.headers.range ?? null,
      authorization: req.headers.authorization ?? null,
      servedBytes: false,
    };
    requests.push(record);
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      let m: RegExpExecArray | null;
      if (req.method === 'GET' && (m = /^\/api\/models\/([^/]+\/[^/]+)\/revision\/([^/]+)$/.exec(path))) {
        const repo = lookup(res, m[1]!, m[2]!);
        if (!repo) return;
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({
          _id: sha1(repo.name).slice(0, 24),
          id: repo.name,
          sha: repo.commit,
          private: false,
          gated: false,
          downloads: 0,
          likes: 0,
          lastModified: '2024-01-01T00:00:00.000Z',
          siblings: [...repo.files.keys()].map((rfilename) => ({ rfilename })),
        }));
        return;
      }
      if (req.method === 'POST' && (m = /^\/api\/models\/([^/]+\/[^/]+)\/paths-info\/([^/]+)$/.exec(path))) {
        const repo = lookup(res, m[1]!, m[2]!);
        if (!repo) return;
        let asked: { paths?: unknown; expand?: unknown };
        try {
          asked = JSON.parse(body) as typeof asked;
        } catch {
          fail(res, 400, 'BadRequest', 'Invalid JSON body');
          return;
        }
        const paths = Array.isArray(asked.paths) ? asked.paths.filter((p): p is string => typeof p === 'string') : [];
        const entries = paths.flatMap((p) => {
          const f = fileOf(repo, p);
          if (!f) return [];
          return [{
            type: 'file',
            oid: f.gitOid,
            size: f.bytes.length,
            ...(f.lfs && { lfs: { oid: f.sha256, size: f.bytes.length, pointerSize: f.pointerSize } }),
            path: f.path,
            ...(asked.expand === true && {
              lastCommit: { id: repo.commit, title: 'Upload model', date: '2024-01-01T00:00:00.000Z' },
              securityFileStatus: { status: 'safe' },
            }),
          }];
        });
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(entries));
        return;
      }
      if ((req.method === 'GET' || req.method === 'HEAD') && (m = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(path))) {
        const repo = lookup(res, m[1]!, m[2]!);
        if (!repo) return;
        record.file = m[3]!;
        const file = fileOf(repo, m[3]!);
        if (!file) {
          fail(res, 404, 'EntryNotFound', 'Entry not found');
          return;
        }
        const common = { 'X-Repo-Commit': repo.commit, ETag: `"${file.gitOid}"` };
        if (file.lfs) {
          const host = req.headers.host ?? '127.0.0.1';
          res.writeHead(302, {
            ...common,
            Location: `http://${host}/cdn-lfs/repos/${repo.name}/${file.sha256}`,
            'X-Linked-Etag': `"${file.sha256}"`,
            'X-Linked-Size': String(file.bytes.length),
            'Content-Length': 0,
          });
          res.end();
          return;
        }
        serveBytes(req, res, record, file, common);
        return;
      }
      if ((req.method === 'GET' || req.method === 'HEAD') && (m = /^\/cdn-lfs\/repos\/([^/]+\/[^/]+)\/([0-9a-f]{64})$/.exec(path))) {
        const file = [...(stored.get(m[1]!)?.files.values() ?? [])].find((f) => f.lfs && f.sha256 === m![2]);
        if (!file) {
          res.writeHead(404, { 'Content-Type': 'text/plain' });
          res.end('Not Found');
          return;
        }
        serveBytes(req, res, record, file, { ETag: `"${file.sha256}"` });
        return;
      }
      fail(res, 404, 'NotFound', `No route for ${req.method ?? 'GET'} ${path}`);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    faults,
    downloads: (file) => requests.filter((r) => r.servedBytes && r.file === file),
    close: async () => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
