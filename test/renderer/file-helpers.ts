import sharp from 'sharp';
import type { Attachment, FileUploaded, FileUrls } from '../../server/protocol.js';
import { request } from '../../renderer/src/lib/socket-request.js';
import type { Client } from '../server/helpers.js';

/** Uploads bytes as `name` straight over HTTP (not through the client code under test). */
export async function uploadBytes(
  url: string,
  token: string,
  name: string,
  body: Uint8Array,
): Promise<Attachment> {
  const answer = await fetch(`${url}/api/files`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'x-file-name': encodeURIComponent(name) },
    body: new Uint8Array(body),
  });
  if (answer.status !== 201)
    throw new Error(`upload ${name}: ${answer.status} ${await answer.text()}`);
  return ((await answer.json()) as FileUploaded).file;
}

/** A small PNG of one colour, made with sharp. */
export function png(width: number, height: number): Promise<Buffer> {
  return sharp({
    create: { width, height, channels: 3, background: { r: 40, g: 120, b: 200 } },
  })
    .png()
    .toBuffer();
}

let sends = 0;

/** Sends a message carrying these files in room 1 (#general), through the socket. */
export async function sendFiles(socket: Client, fileIds: string[], text = ''): Promise<void> {
  const answer = await request(socket, 'message:send', {
    roomId: 1,
    text,
    fileIds,
    clientId: `files-${Date.now()}-${(sends += 1)}`,
  });
  if (!answer.ok) throw new Error(`send: ${answer.error.message}`);
}

/** `file:urls` over a real socket, recording the ids of every request. */
export function countingAsk(socket: Client) {
  const asked: string[][] = [];
  const ask = async (fileIds: string[]): Promise<FileUrls[] | undefined> => {
    asked.push(fileIds);
    const answer = await request(socket, 'file:urls', { fileIds });
    return answer.ok ? answer.urls : undefined;
  };
  return { ask, asked };
}
