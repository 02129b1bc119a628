// The signed-in credential and what it may do. Kept in sessionStorage only: it lives as long as the tab and is gone
// when the tab closes or the user signs out.
import { request, useCredential, type Credential } from './api';

export interface Session extends Credential {
  /** Prospector or admin: ICPs, campaigns and prospects may be changed. */
  canChange: boolean;
  /** Compliance officer or admin: the /api/v1/compliance endpoints. */
  canComply: boolean;
}

const storageKey = 'leadgen.session';
let current: Session | null = load();

function load(): Session | null {
  try {
    const stored = sessionStorage.getItem(storageKey);
    return stored ? (JSON.parse(stored) as Session) : null;
  } catch {
    return null;
  }
}

export const session = (): Session | null => current;

/** Starts using the stored session; `onLost` runs when the API refuses it later (a revoked key, an expired token). */
export function resume(onLost: () => void): void {
  useCredential(current, () => {
    signOut();
    onLost();
  });
}

/** What GET /api/v1/me answers: who the credential is and what its roles let it do, as the API decides. */
interface Me {
  actor: string;
  tenant: string;
  roles: string[];
  canChange: boolean;
  canUseCompliance: boolean;
}

/** Checks a credential against the API and learns what it may do, with one read that changes and logs nothing. */
export async function signIn(credential: Credential): Promise<Session> {
  const me = (await (await request('/api/v1/me', { as: credential })).json()) as Me;
  current = { ...credential, canChange: me.canChange, canComply: me.canUseCompliance };
  sessionStorage.setItem(storageKey, JSON.stringify(current));
  useCredential(current);
  return current;
}

export function signOut(): void {
  current = null;
  sessionStorage.removeItem(storageKey);
  useCredential(null);
}
