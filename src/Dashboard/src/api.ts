// The one way the dashboard talks to the API: every call carries the signed-in credential, and every failure becomes an
// ApiError holding the RFC 7807 problem details (with per-field errors) that the views show beside their forms.

export interface Problem {
  status: number;
  title: string;
  detail?: string;
  errors?: Record<string, string[]>;
  traceId?: string;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(`${problem.status} ${problem.title}${problem.detail ? `: ${problem.detail}` : ''}`);
  }

  get status(): number {
    return this.problem.status;
  }
}

export interface Credential {
  kind: 'key' | 'jwt';
  secret: string;
}

let credential: Credential | null = null;
let unauthorized: () => void = () => {};

/** Sets the credential every request carries, and what to do when the API stops accepting it (401). */
export function useCredential(value: Credential | null, onUnauthorized?: () => void): void {
  credential = value;
  if (onUnauthorized) unauthorized = onUnauthorized;
}

function authHeaders(with_: Credential | null): Record<string, string> {
  if (!with_) return {};
  return with_.kind === 'jwt' ? { Authorization: `Bearer ${with_.secret}` } : { 'X-Api-Key': with_.secret };
}

export interface RequestOptions {
  method?: string;
  json?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Another credential than the signed-in one (sign-in tries one before keeping it). */
  as?: Credential;
}

/** Sends a request; answers the response when it is a success, throws an ApiError with its problem details otherwise. */
export async function request(path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...authHeaders(options.as ?? credential), ...options.headers };
  if (options.json !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.json === undefined ? undefined : JSON.stringify(options.json),
      signal: options.signal,
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (e) {
    if (options.signal?.aborted) throw e;
    throw new ApiError({ status: 0, title: 'The API could not be reached', detail: String(e) });
  }
  if (response.ok) return response;
  const problem = await readProblem(response);
  if (response.status === 401 && !options.as) unauthorized();
  throw new ApiError(problem);
}

async function readProblem(response: Response): Promise<Problem> {
  const fallback: Problem = { status: response.status, title: response.statusText || `HTTP ${response.status}` };
  try {
    const body = (await response.json()) as Partial<Problem>;
    return { ...fallback, ...body, status: response.status };
  } catch {
    return fallback;
  }
}

/** GET and parse JSON. */
export async function get<T>(path: string, signal?: AbortSignal): Promise<T> {
  return (await request(path, { signal })).json() as Promise<T>;
}

/** A state-changing request with an optional JSON body; answers the parsed body, or null when there is none. */
export async function send<T>(method: string, path: string, json?: unknown, headers?: Record<string, string>): Promise<T> {
  const response = await request(path, { method, json, headers });
  const text = await response.text();
  return (text ? JSON.parse(text) : null) as T;
}

/** Builds a query string from the values that are set. */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') search.set(k, String(v));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * Downloads a response as a file. A plain link cannot carry the auth header, so the body is fetched and handed to the
 * browser as a Blob; the file name is the one the API gives in Content-Disposition, else the fallback.
 */
export async function download(path: string, fallbackName: string): Promise<string> {
  const response = await request(path, { headers: { Accept: '*/*' } });
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const name = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1] ?? /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  saveBlob(await response.blob(), name ? decodeURIComponent(name) : fallbackName);
  return name ?? fallbackName;
}

/** Offers a Blob as a download. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The click starts the download synchronously; revoking later keeps slow browsers from losing it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export interface ServerSentEvent {
  event: string;
  data: string;
  id?: string;
}

/**
 * Reads a Server-Sent Events stream. EventSource cannot send the auth header, so the stream is fetched and its frames
 * parsed here, as the SSE specification describes: lines of `field: value`, a blank line ends an event, `:` starts a
 * comment, several data lines join with newlines. Ends when the server closes the stream or the signal aborts.
 */
export async function* serverSentEvents(path: string, signal: AbortSignal): AsyncGenerator<ServerSentEvent> {
  const response = await request(path, { headers: { Accept: 'text/event-stream' }, signal });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event: ServerSentEvent = { event: 'message', data: '' };
  let data: string[] = [];
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      // A line ends at CRLF, LF or CR; a trailing CR may be the first half of a CRLF still in flight.
      const parts = buffer.split(/\r\n|\n|\r(?!$)/);
      buffer = parts.pop() ?? '';
      for (const line of parts) {
        if (line === '') {
          if (data.length > 0) yield { ...event, data: data.join('\n') };
          event = { event: 'message', data: '' };
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const name = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (name === 'data') data.push(text);
        else if (name === 'event') event.event = text;
        else if (name === 'id') event.id = text;
      }
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}
