import { describe, expect, it, vi } from 'vitest';
import { launchFacts, launchPlan } from '../../main/launch';
import { applySpellcheck, spellPlan, systemSpellLanguages } from '../../main/spellcheck';
import { app, session } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

/** Chromium's dictionaries on Linux (a part of the list). */
const CHROMIUM = ['de', 'de-DE', 'en-AU', 'en-CA', 'en-GB', 'en-US', 'es', 'es-MX', 'fr'];
const CHROMIUM_MORE = [...CHROMIUM, 'pt-BR', 'pt-PT', 'sr', 'sr-Latn'];

describe("spell-check: the system's languages", () => {
  it('the same tag, else the same language (en → en-US, de-AT → de), in the order given', () => {
    expect(systemSpellLanguages(['en-GB'], CHROMIUM)).toEqual(['en-GB']);
    expect(systemSpellLanguages(['en'], CHROMIUM)).toEqual(['en-US']);
    expect(systemSpellLanguages(['en-IE'], CHROMIUM)).toEqual(['en-US']);
    expect(systemSpellLanguages(['de-AT', 'fr-CA'], CHROMIUM)).toEqual(['de', 'fr']);
    expect(systemSpellLanguages(['fr-FR', 'en-US', 'fr-BE'], CHROMIUM)).toEqual(['fr', 'en-US']);
    expect(systemSpellLanguages(['pt'], CHROMIUM_MORE)).toEqual(['pt-PT']);
    expect(systemSpellLanguages(['sr-Latn-RS'], CHROMIUM_MORE)).toEqual(['sr-Latn']);
  });

  it("reads Linux's locale form, and falls back to en-US when nothing matches", () => {
    expect(systemSpellLanguages(['es_MX.UTF-8'], CHROMIUM)).toEqual(['es-MX']);
    expect(systemSpellLanguages(['C', 'ja-JP'], CHROMIUM)).toEqual(['en-US']);
    expect(systemSpellLanguages([], CHROMIUM)).toEqual(['en-US']);
    expect(systemSpellLanguages(['ja'], ['de'])).toEqual([]);
  });

  it("a person's choice wins; one no longer offered is dropped; off means none", () => {
    const linux = { platform: 'linux' as const, available: CHROMIUM, preferred: ['de-DE'] };
    const mine = { spellcheck: true, spellcheckLanguages: ['fr', 'xx'] };
    expect(spellPlan(mine, linux).languages).toEqual(['fr']);
    expect(spellPlan({ ...mine, spellcheckLanguages: null }, linux).languages).toEqual(['de-DE']);
    expect(spellPlan({ ...mine, spellcheck: false }, linux)).toMatchObject({
      enabled: false,
      languages: [],
    });
  });

  it('is applied to the session; on macOS only switched on or off (the OS checks)', () => {
    const ses = session.defaultSession;
    ses.spellCheckerLanguages = [];
    const settings = { spellcheck: true, spellcheckLanguages: null };
    const linux = { platform: 'linux' as const, available: ['en-US', 'fr'], preferred: ['fr-CA'] };
    expect(applySpellcheck(settings, linux, ses)).toEqual(['fr']);
    expect(ses.spellCheckerLanguages).toEqual(['fr']);
    expect(ses.spellCheckerEnabled).toBe(true);

    ses.spellCheckerLanguages = ['untouched'];
    const mac = { ...linux, platform: 'darwin' as const };
    expect(spellPlan(settings, mac).available).toEqual([]);
    expect(applySpellcheck({ ...settings, spellcheck: false }, mac, ses)).toEqual([]);
    expect(ses.spellCheckerEnabled).toBe(false);
    expect(ses.spellCheckerLanguages).toEqual(['untouched']);
  });
});

describe('start: window or tray', () => {
  const facts = { argv: ['/opt/Parley/parley'], platform: 'linux' as const, openedAtLogin: false };
  it('opens the window unless started from sign-in with "start minimised" on', () => {
    const login = { ...facts, argv: ['/opt/Parley/parley', '--hidden'] };
    expect(launchPlan({ ...facts, app: { startHidden: true } })).toEqual({ showWindow: true });
    expect(launchPlan({ ...login, app: { startHidden: true } })).toEqual({ showWindow: false });
    // An entry left from before "start minimised" was turned off: the window opens.
    expect(launchPlan({ ...login, app: { startHidden: false } })).toEqual({ showWindow: true });
  });

  it('macOS: hidden when macOS says it opened Parley at login (no arguments there)', () => {
    const mac = { ...facts, platform: 'darwin' as const };
    expect(launchPlan({ ...mac, openedAtLogin: true, app: { startHidden: true } }).showWindow).toBe(
      false,
    );
    expect(launchPlan({ ...mac, app: { startHidden: true } }).showWindow).toBe(true);
    // Only macOS's answer counts as "opened at login"; elsewhere only the switch does.
    expect(
      launchPlan({ ...facts, openedAtLogin: true, app: { startHidden: true } }).showWindow,
    ).toBe(true);
  });

  it("reads macOS's answer from Electron on macOS only, and the command line", () => {
    const argv = ['/Applications/Parley.app/Contents/MacOS/Parley'];
    app.loginItem = { openAtLogin: true, wasOpenedAtLogin: true };
    const mac = launchFacts({ startHidden: true }, { argv, platform: 'darwin' });
    expect(mac).toEqual({
      argv,
      platform: 'darwin',
      openedAtLogin: true,
      app: { startHidden: true },
    });
    expect(launchPlan(mac).showWindow).toBe(false);
    // Elsewhere Electron's answer is not used (Linux has none): only the switch counts.
    expect(launchFacts({ startHidden: true }, { argv, platform: 'linux' }).openedAtLogin).toBe(
      false,
    );
    app.loginItem = { openAtLogin: true, wasOpenedAtLogin: false };
    const notAtLogin = launchFacts({ startHidden: true }, { argv, platform: 'darwin' });
    expect(notAtLogin.openedAtLogin).toBe(false);
    expect(launchPlan(notAtLogin).showWindow).toBe(true);
    // Without a process given, this process's own command line.
    expect(launchFacts({ startHidden: true }).argv).toBe(process.argv);
  });
});
