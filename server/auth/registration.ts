import { ChatError } from '../errors.js';
import type { SharedBudgets } from '../cluster/shared-limits.js';
import { SharedWindowLimiter } from './shared-window.js';
import type { LiveSettings } from '../admin/settings.js';
import type { ResolvedOptions } from '../options.js';
import { ErrorCode, type User } from '../protocol.js';
import { parse, registerBody } from '../schemas.js';
import type { ChatStore, RegisterRefusal, RegistrationRule } from '../storage/store.js';
import { hashPassword } from './passwords.js';
import type { PasswordWork } from './password-work.js';
import { requireAllowed } from './rate-limit.js';
import type { SetupGate } from './setup-gate.js';
import { hashToken } from './tokens.js';

/** Where a request comes from, as far as accounts care. */
export interface Requester {
  ip: string;
  /**
   * True when this request may create the owner without the setup code: it comes from this
   * machine to a server that listens on loopback only (see local-request.ts).
   */
  skipsSetupCode: boolean;
}

const REFUSALS: Record<RegisterRefusal, [ErrorCode, string]> = {
  setup_required: [
    ErrorCode.invalidSetupCode,
    'This server has no owner yet: creating it needs the setup code the server printed.',
  ],
  registration_closed: [ErrorCode.registrationClosed, 'This server does not accept new accounts.'],
  invalid_invite: [ErrorCode.invalidInvite, 'The invite code is missing, used or expired.'],
  username_taken: [ErrorCode.usernameTaken, 'That username is taken.'],
};

function refuse(reason: RegisterRefusal): never {
  const [code, message] = REFUSALS[reason];
  throw new ChatError(code, message);
}

/**
 * Creating accounts. Everything that can refuse is checked before the password is hashed: the
 * rate limits, the setup code while the server has no owner, then (in the store, in this order)
 * the policy, the invite and the username. The store checks all of it again atomically when it
 * creates the user.
 */
export class Registration {
  private readonly perAddress: SharedWindowLimiter;
  private readonly setupAttempts: SharedWindowLimiter;

  constructor(
    private readonly store: ChatStore,
    private readonly options: ResolvedOptions,
    private readonly setup: SetupGate,
    private readonly work: PasswordWork,
    /** The live registration policy (an admin changes it); without it, `options.registration`. */
    private readonly settings?: Pick<LiveSettings, 'current'>,
    budgets?: SharedBudgets,
  ) {
    this.perAddress = new SharedWindowLimiter('register', options.registerRate, budgets);
    this.setupAttempts = new SharedWindowLimiter('setup-code', options.setupCodeRate, budgets);
  }

  async createUser(body: unknown, from: Requester): Promise<User> {
    const input = parse(registerBody, body);
    requireAllowed(await this.perAddress.hit(from.ip), 'Too many registrations from this address.');
    const rule: RegistrationRule = {
      policy: this.policy(),
      inviteHash: input.invite === undefined ? undefined : hashToken(input.invite),
      now: Date.now(),
      setupVerified: await this.checkSetup(input.setupCode, from),
    };
    const early = await this.store.checkRegistration(input.username, rule);
    if (early) refuse(early);
    const passwordHash = await this.work.run(from.ip, () =>
      hashPassword(input.password, this.options.scryptCost),
    );
    const outcome = await this.store.registerUser(
      { username: input.username, displayName: input.displayName ?? input.username, passwordHash },
      // The policy again: an admin may have changed it while the password was hashed.
      { ...rule, policy: this.policy(), now: Date.now() },
    );
    if (!outcome.ok) refuse(outcome.reason);
    if (outcome.user.role === 'owner') this.setup.finish();
    return outcome.user;
  }

  private policy(): RegistrationRule['policy'] {
    return this.settings?.current().registration ?? this.options.registration;
  }

  /** Forgets finished rate-limit windows. */
  sweep(): void {
    this.perAddress.sweep();
    this.setupAttempts.sweep();
  }

  /**
   * While the server has no owner: true when the request may create it (the right code, or the
   * loopback exemption), else a refusal; attempts with a code are rate limited per address.
   * Once the owner exists: false, and the store follows the registration policy.
   */
  private async checkSetup(code: string | undefined, from: Requester): Promise<boolean> {
    if ((await this.setup.pendingCode()) === undefined) return false;
    if (from.skipsSetupCode) return true;
    requireAllowed(
      await this.setupAttempts.hit(from.ip),
      'Too many setup code attempts from this address.',
    );
    if (code === undefined) refuse('setup_required');
    if (!this.setup.matches(code))
      throw new ChatError(ErrorCode.invalidSetupCode, 'That is not this server’s setup code.');
    return true;
  }
}
