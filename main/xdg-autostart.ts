import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';

/**
 * Linux (and the BSDs) have no `app.setLoginItemSettings`: what starts a program at sign-in there
 * is the freedesktop.org Desktop Application Autostart spec, a `.desktop` file in
 * `$XDG_CONFIG_HOME/autostart`. GNOME, KDE, Xfce, Cinnamon, MATE and LXQt all read it.
 */

/**
 * Where the autostart entry goes. `$XDG_CONFIG_HOME` counts only when absolute (the XDG Base
 * Directory spec says a relative value is invalid and must be ignored); otherwise `~/.config`.
 */
export function autostartFile(env: NodeJS.ProcessEnv, home: string): string {
  const configured = env.XDG_CONFIG_HOME;
  const config = configured && isAbsolute(configured) ? configured : join(home, '.config');
  return join(config, 'autostart', 'parley.desktop');
}

/**
 * One argument of an `Exec` line, quoted as the Desktop Entry spec asks: always in double quotes
 * (a path may hold spaces), `"` `` ` `` `$` `\` escaped with a backslash inside them, `%`
 * doubled (it would start a field code), and then every backslash doubled again, because the
 * spec applies the string escape (`\\`) before the quoting rule.
 */
export function execArgument(arg: string): string {
  // The spec allows no control character in a string value; a line break would even start a
  // line of the path's choosing. Refuse rather than write such a file.
  // eslint-disable-next-line no-control-regex -- control characters are what is looked for
  if (/[\x00-\x1f\x7f]/.test(arg)) throw new Error('The program path holds a control character');
  const quoted = `"${arg.replaceAll('%', '%%').replace(/["`$\\]/g, '\\$&')}"`;
  return quoted.replaceAll('\\', '\\\\');
}

/** The autostart entry: starts `command` (program and its arguments) at sign-in. */
export function autostartEntry(command: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    'Name=Parley',
    'Comment=Self-hosted desktop chat',
    `Exec=${command.map(execArgument).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/**
 * Writes the entry atomically, readable by all and writable by this user (0644, as desktop
 * files are; a session manager may run as another process but reads it as this user). The mode
 * is set again after writing because the umask may have narrowed it.
 */
export function writeAutostart(file: string, command: readonly string[]): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, autostartEntry(command), { mode: 0o644 });
  chmodSync(temp, 0o644);
  renameSync(temp, file);
}

/** Removes the entry; nothing to do when it is already gone. */
export function removeAutostart(file: string): void {
  rmSync(file, { force: true });
}
