// The signed-in credential and what it may do. Kept in sessionStorage only: it lives as long as the tab and is gone
// when the tab closes or the user signs out.
import { ApiError, request, useCredential, type Credential } from './api';

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

/**
 * Checks a credential against the API and learns what it may do. The API has no "who am I" endpoint, so the roles are
 * found the way the API decides them: a read, a compliance read, and a change that cannot succeed (an empty ICP, which
 * a prospector or admin gets refused as invalid, 400, and anyone else as forbidden, 403). Nothing is changed.
 */
export async function signIn(credential: Credential): Promise<Session> {
  await request('/api/v1/icps?limit=1', { as: credential });
  const canComply = await allowed(() => request('/api/v1/compliance/processing-records', { as: credential }));
  const canChange = await allowed(() => request('/api/v1/icps', { method: 'POST', json: {}, as: credential }), 400);
  current = { ...credential, canChange, canComply };
  sessionStorage.setItem(storageKey, JSON.stringify(current));
  useCredential(current);
  return current;
}

async function allowed(probe: () => Promise<Response>, expectedRefusal?: number): Promise<boolean> {
  try {
    await probe();
    return true;
  } catch (e) {
    if (e instanceof ApiError && e.status === 403) return false;
    if (e instanceof ApiError && e.status === expectedRefusal) return true;
    throw e;
  }
}

export function signOut(): void {
  current = null;
  sessionStorage.removeItem(storageKey);
  useCredential(null);
}
