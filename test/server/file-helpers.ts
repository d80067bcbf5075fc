import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync, crc32 } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';
import type { Attachment, FileUrls, Message } from '../../server/protocol.js';
import { request, type Client, type HttpAnswer } from './helpers.js';
import { send } from './message-helpers.js';

/** `POST /api/files` with raw bytes; `name` goes percent-encoded into X-File-Name. */
export async function upload(
  url: string,
  token: string | undefined,
  bytes: Uint8Array | string,
  /** null: no X-File-Name at all. */
  name: string | null = 'file.bin',
  headers: Record<string, string> = {},
): Promise<HttpAnswer<{ file: Attachment; error: { code: string; message: string } }>> {
  const all: Record<string, string> = { 'content-type': 'application/octet-stream', ...headers };
  if (token) all.authorization = `Bearer ${token}`;
  if (name !== null) all['x-file-name'] = encodeURIComponent(name);
  const response = await fetch(`${url}/api/files`, { method: 'POST', headers: all, body: bytes });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? JSON.parse(text) : undefined,
    headers: response.headers,
  };
}

/** Uploads and throws unless the server answered 201; resolves with the attachment. */
export async function uploaded(
  url: string,
  token: string,
  bytes: Uint8Array | string,
  name = 'file.bin',
): Promise<Attachment> {
  const answer = await upload(url, token, bytes, name);
  if (answer.status !== 201)
    throw new Error(`upload: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.file;
}

/** Sends a message carrying the files to `general` (or `extra.roomId`). */
export const sendFiles = (
  socket: Client,
  fileIds: string[],
  text = '',
  extra = {},
): Promise<Message> => send(socket, text, { fileIds, ...extra });

/** The `file:urls` answer for `fileIds` (the ack, ok or not). */
export const askUrls = (socket: Client, fileIds: string[]) =>
  request<{ ok: boolean; urls: FileUrls[]; error?: { code: string } }>(socket, 'file:urls', {
    fileIds,
  });

/** GETs a path of the server; the body as bytes. */
export async function download(url: string, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(url + path, { headers });
  return {
    status: response.status,
    headers: response.headers,
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

/** The temp folder's files and the blob folders' files of a server's data dir. */
export function storedFiles(dataDir: string): { temp: string[]; blobs: string[] } {
  const root = join(dataDir, 'files');
  const list = (dir: string) => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  };
  const blobs = list(root)
    .filter((name) => /^[0-9a-f]{2}$/.test(name))
    .flatMap((dir) => list(join(root, dir)));
  return { temp: list(join(root, 'tmp')), blobs };
}

/** A small solid PNG. */
export const png = (width = 40, height = 30) =>
  sharp({ create: { width, height, channels: 3, background: '#3366cc' } })
    .png()
    .toBuffer();

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A decompression bomb: a PNG of a few hundred bytes whose header claims `side` × `side` pixels
 * (its data is one row of zeros compressed; a decoder would allocate for the claim first).
 */
export function pngBomb(side = 50_000): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.alloc(side + 1))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Sets the test photo's EXIF: rotate 90° clockwise to show it (orientation 6), and a GPS fix. */
export const withRotationAndGps = (image: Sharp): Sharp =>
  image.withMetadata({ orientation: 6 }).withExif({
    IFD0: { Make: 'Parley test camera' },
    IFD3: {
      GPSLatitudeRef: 'N',
      GPSLatitude: '51/1 30/1 0/1',
      GPSLongitudeRef: 'W',
      GPSLongitude: '0/1 7/1 0/1',
    },
  });

/** EXIF holds a GPS IFD pointer (tag 0x8825, in either byte order). */
export const hasGpsTag = (exif: Buffer | undefined): boolean =>
  exif !== undefined &&
  (exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88])));
