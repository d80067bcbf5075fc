import type { Invite, InviteResult } from './ipc-channels';
import { serverUrlSchema } from './ipc-schemas';
import { nameProblem } from './names';
import { FINGERPRINT, groupFingerprint } from '../server/shared/fingerprint';

/**
 * Invite links: `parley://join?v=1&server=…&name=…&fp=…&code=…&exp=…`. They come from outside
 * (a chat, an email, a web page), so every part is checked and anything unknown is refused.
 */
const KNOWN = new Set(['v', 'server', 'name', 'fp', 'code', 'exp']);
const CODE = /^[A-Za-z0-9_-]{1,128}$/;
const MAX_LINK = 2048;

const refuse = (message: string): InviteResult => ({ ok: false, message });

/** The server origin in a link: a bare http(s) origin as IPC accepts it (a trailing / allowed). */
export function serverOrigin(value: string | null): string | undefined {
  if (!value || value.length > 512) return undefined;
  const bare = value.replace(/\/$/, '');
  return serverUrlSchema.safeParse(bare).success ? bare : undefined;
}

/** Reads an invite from a link, or from the text form with the link somewhere in it. */
export function parseInvite(text: string, now = Date.now()): InviteResult {
  const link = /parley:\/\/join\?\S+/.exec(text)?.[0];
  if (!link) return refuse('This is not a Parley invite: it has no parley://join link.');
  if (link.length > MAX_LINK) return refuse('This invite link is too long to be genuine.');
  const params = new URL(link).searchParams;
  const unknown = [...params.keys()].filter((key) => !KNOWN.has(key));
  if (unknown.length > 0)
    return refuse(
      `This invite link has parts Parley does not know (${unknown.join(', ')}); ask for a new one.`,
    );
  if (params.get('v') !== '1') return refuse('This invite link is from another version of Parley.');
  const serverUrl = serverOrigin(params.get('server'));
  if (!serverUrl)
    return refuse('The server address in this invite is not a valid http(s) address.');
  const name = params.get('name')?.trim() ?? '';
  // The rule of server/names.ts: a name that hides or reorders characters is not genuine.
  if (!name || name.length > 64 || nameProblem(name) !== undefined)
    return refuse('The server name in this invite is missing or not valid.');
  const fp = params.get('fp') ?? undefined;
  if (fp !== undefined && !FINGERPRINT.test(fp))
    return refuse('The certificate fingerprint in this invite is not valid.');
  if (fp !== undefined && !serverUrl.startsWith('https:'))
    return refuse('This invite pins a certificate for a server without TLS: it is not genuine.');
  const code = params.get('code') ?? undefined;
  if (code !== undefined && !CODE.test(code))
    return refuse('The invite code in this link is not valid.');
  const exp = Number(params.get('exp'));
  if (!Number.isSafeInteger(exp) || exp <= 0)
    return refuse('This invite link has no valid expiry.');
  const expiresAt = exp * 1000;
  if (expiresAt <= now)
    return refuse(
      `This invite expired on ${new Date(expiresAt).toUTCString()}; ask for a new one.`,
    );
  return { ok: true, invite: { serverUrl, name, fingerprint: fp, code, expiresAt } };
}

/** The link for an invite. */
export function inviteLink(invite: Invite): string {
  const params = new URLSearchParams({ v: '1', server: invite.serverUrl, name: invite.name });
  if (invite.fingerprint) params.set('fp', invite.fingerprint);
  if (invite.code) params.set('code', invite.code);
  params.set('exp', String(Math.floor(invite.expiresAt / 1000)));
  return `parley://join?${params.toString()}`;
}

/** The text form: the link plus what a person can check by eye, to paste into the app. */
export function inviteText(invite: Invite): string {
  const groups = invite.fingerprint && groupFingerprint(invite.fingerprint);
  return [
    `You are invited to "${invite.name}" on Parley.`,
    `Open this link, or paste all of this text into Parley's "Add a server" screen:`,
    inviteLink(invite),
    `Server: ${invite.serverUrl}`,
    ...(groups ? [`Certificate fingerprint (SHA-256): ${groups}`] : []),
    ...(invite.code ? [`Invite code: ${invite.code} (works for one account)`] : []),
    `Expires: ${new Date(invite.expiresAt).toUTCString()}`,
  ].join('\n');
}
