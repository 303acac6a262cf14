/*
 * The one way the application talks to the service: the same HTTP API as every other client,
 * with the signed-in person's bearer token and acting role. Errors arrive as RFC 9457 problems
 * and are kept whole so components can turn them into the person's next step (Problem.tsx).
 */

export interface MissingItem {
  item: string;
  ruleId: string;
  responsible: { role: string; unit?: string };
  message: string;
  dueAt?: string;
}

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
  missing?: MissingItem[];
  ruleIds?: string[];
  suggestions?: string[];
  [k: string]: unknown;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }
  get status(): number {
    return this.problem.status;
  }
}

export interface Session {
  token: string;
  expiresAt?: string;
  principal: { personId: string; name: string; unit: string; roles: string[] };
  role: string;
}

const SESSION_KEY = 'session';

export function loadSession(): Session | undefined {
  try {
    const s = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as Session | null;
    if (!s) return undefined;
    if (s.expiresAt && Date.parse(s.expiresAt) <= Date.now()) return undefined;
    return s;
  } catch {
    return undefined;
  }
}

export function saveSession(s: Session | undefined): void {
  if (s) sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
  else sessionStorage.removeItem(SESSION_KEY);
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  /** Raw bytes (document upload): sent as is with their media type. */
  file?: File;
  idempotencyKey?: string;
  anonymous?: boolean;
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const session = loadSession();
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (session && !opts.anonymous) {
    headers.Authorization = `Bearer ${session.token}`;
    headers['X-Acting-Role'] = session.role;
  }
  let body: BodyInit | undefined;
  if (opts.file) {
    headers['Content-Type'] = opts.file.type || 'application/octet-stream';
    body = opts.file;
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey;
  const res = await fetch(path, { method: opts.method ?? (body ? 'POST' : 'GET'), headers, body });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const p = (json ?? {}) as Partial<Problem>;
    throw new ApiError({ ...p, title: p.title ?? res.statusText, status: res.status });
  }
  return json as T;
}

/** Downloads a protected file (bearer token) and hands it to the browser. */
export async function download(path: string, name: string): Promise<void> {
  const session = loadSession();
  const res = await fetch(path, { headers: session ? { Authorization: `Bearer ${session.token}`, 'X-Acting-Role': session.role } : {} });
  if (!res.ok) throw new ApiError({ title: res.statusText, status: res.status, ...((await res.json().catch(() => ({}))) as object) });
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

export const newIdempotencyKey = (): string => crypto.randomUUID();
