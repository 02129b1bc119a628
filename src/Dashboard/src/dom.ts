// Small DOM helpers. Text always goes in as text nodes, never as HTML: profile fields come from external platforms.
import { ApiError } from './api';

type Child = Node | string | number | null | undefined | false | Child[];
type AttrValue = string | number | boolean | null | undefined | ((event: Event) => void);

/** Creates an element: attributes (`on…` become listeners; true/false toggle a boolean attribute) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, AttrValue> | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (typeof value === 'function') element.addEventListener(name.slice(2).toLowerCase(), value);
    else if (value === true) element.setAttribute(name, '');
    else if (value !== false && value !== null && value !== undefined) element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else if (child !== null && child !== undefined && child !== false) parent.appendChild(document.createTextNode(String(child)));
  }
}

/** Appends children, skipping the null and false ones (what `x ? el : null` gives). */
export function add(parent: Element, ...children: Child[]): void {
  append(parent, children);
}

/** Replaces an element's content. */
export function fill(element: Element, ...children: Child[]): void {
  element.replaceChildren();
  append(element, children);
}

let ids = 0;
/** A unique id, for label/for and aria-describedby pairs. */
export const uid = (prefix: string): string => `${prefix}-${++ids}`;

/** A labelled control: the label names it, and its error (if any) is announced with it. */
export function field(
  label: string,
  control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement,
  hint?: string,
): HTMLDivElement {
  control.id ||= uid('f');
  const hintEl = hint ? h('p', { class: 'hint', id: `${control.id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, hintEl);
}

/** A group of checkboxes or radios under one legend. */
export function choices(
  legend: string,
  name: string,
  type: 'checkbox' | 'radio',
  options: { value: string; label?: string; checked?: boolean }[],
): HTMLFieldSetElement {
  return h(
    'fieldset',
    { class: 'choices', 'data-field': name },
    h('legend', null, legend),
    options.map((o) => {
      const input = h('input', { type, name, value: o.value, id: uid('c'), checked: !!o.checked });
      return h('label', { class: 'choice', for: input.id }, input, ' ', o.label ?? o.value);
    }),
  );
}

/** A form's place for its outcome: errors as an alert, successes as a polite status. */
export function outcome(): HTMLDivElement {
  return h('div', { class: 'outcome', 'aria-live': 'polite' });
}

/** Says something went well in an outcome area. */
export function ok(area: Element, ...message: Child[]): void {
  area.className = 'outcome success';
  area.setAttribute('role', 'status');
  fill(area, ...message);
}

/**
 * Shows an API error: its problem details in the form's outcome area and each field error beside the control it is
 * about (matched by the control's name or its data-field list), which is marked invalid and points at its message.
 */
export function showError(area: Element, error: unknown, form?: HTMLElement): void {
  if (form) clearFieldErrors(form);
  const problem = error instanceof ApiError ? error.problem : { status: 0, title: String(error) };
  const unplaced: string[] = [];
  let first: HTMLElement | null = null;
  for (const [key, messages] of Object.entries(problem.errors ?? {})) {
    const target = form ? controlFor(form, key) : null;
    if (!target) {
      unplaced.push(...messages.map((m) => (key ? `${key}: ${m}` : m)));
      continue;
    }
    const message = h('p', { class: 'field-error', id: uid('err') }, messages.join(' '));
    target.setAttribute('aria-invalid', 'true');
    target.setAttribute('aria-describedby', [target.getAttribute('aria-describedby'), message.id].filter(Boolean).join(' '));
    (target.closest('.field') ?? target).appendChild(message);
    first ??= target.matches('fieldset') ? target.querySelector('input') : target;
  }
  area.className = 'outcome error';
  area.setAttribute('role', 'alert');
  fill(
    area,
    h('strong', null, problem.status ? `${problem.title} (${problem.status})` : problem.title),
    problem.detail ? h('span', null, ' ', problem.detail) : null,
    unplaced.length ? h('ul', null, unplaced.map((m) => h('li', null, m))) : null,
  );
  first?.focus();
}

/** Clears an outcome area and the field errors of a form. */
export function clearErrors(area: Element, form?: HTMLElement): void {
  area.className = 'outcome';
  area.removeAttribute('role');
  area.replaceChildren();
  if (form) clearFieldErrors(form);
}

function clearFieldErrors(form: HTMLElement): void {
  form.querySelectorAll('.field-error').forEach((e) => e.remove());
  form.querySelectorAll('[aria-invalid]').forEach((c) => {
    c.removeAttribute('aria-invalid');
    const rest = (c.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && !id.startsWith('err-')).join(' ');
    if (rest) c.setAttribute('aria-describedby', rest);
    else c.removeAttribute('aria-describedby');
  });
}

// "criteria.titles[0]" is about the control named "titles" or listing "criteria.titles" in its data-field.
function controlFor(form: HTMLElement, key: string): HTMLElement | null {
  const path = key.replace(/\[\d+\]/g, '').toLowerCase();
  const candidates = [path, path.split('.').pop() ?? path];
  for (const control of form.querySelectorAll<HTMLElement>('[name], [data-field]')) {
    const names = [control.getAttribute('name') ?? '', ...(control.dataset.field ?? '').split(' ')].map((n) => n.toLowerCase());
    if (candidates.some((c) => c && names.includes(c))) return control.closest('fieldset[data-field]') ?? control;
  }
  return null;
}

/** A scrollable, keyboard-focusable frame for a wide table, so a phone scrolls the table and not the page. */
export function tableFrame(label: string, table: HTMLTableElement): HTMLDivElement {
  return h('div', { class: 'table-frame', role: 'region', 'aria-label': label, tabindex: 0 }, table);
}

/** A table from a header row and body rows. */
export function table(caption: string, headers: string[], rows: Child[][], captionHidden = false): HTMLTableElement {
  return h(
    'table',
    null,
    h('caption', { class: captionHidden ? 'visually-hidden' : null }, caption),
    h('thead', null, h('tr', null, headers.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, rows.map((r) => h('tr', null, r.map((c) => h('td', null, c))))),
  );
}

/**
 * Cursor paging: the cursors of the pages seen so far, so "Previous" goes back without the API paging backwards. A page
 * that cannot be loaded says why in `status` (and beside the fields of the filter form it was asked with).
 */
export class CursorPager<T> {
  private readonly cursors: (string | null)[] = [null];
  private next: string | null = null;
  private latest = 0;
  readonly element = h('nav', { class: 'pager', 'aria-label': 'Pages' });
  readonly status = outcome();

  constructor(
    private readonly fetchPage: (cursor: string | null) => Promise<{ items: T[]; nextCursor: string | null }>,
    private readonly render: (items: T[]) => void,
    private readonly filters?: HTMLElement,
  ) {}

  /** Loads the first page again (after a filter changed). */
  async reset(): Promise<void> {
    this.cursors.splice(1);
    await this.show();
  }

  private async show(): Promise<void> {
    // Only the latest request is shown: an older answer arriving late (a filter changed meanwhile) is dropped.
    const request = ++this.latest;
    let page: { items: T[]; nextCursor: string | null };
    try {
      page = await this.fetchPage(this.cursors[this.cursors.length - 1]);
    } catch (e) {
      if (request === this.latest) showError(this.status, e, this.filters);
      return;
    }
    if (request !== this.latest) return;
    clearErrors(this.status, this.filters);
    this.next = page.nextCursor;
    this.render(page.items);
    const number = this.cursors.length;
    fill(
      this.element,
      h('button', { type: 'button', class: 'secondary', disabled: number === 1, onclick: () => void this.go(-1) }, 'Previous page'),
      h('span', { 'aria-live': 'polite' }, `Page ${number}`),
      h('button', { type: 'button', class: 'secondary', disabled: !this.next, onclick: () => void this.go(1) }, 'Next page'),
    );
  }

  private async go(step: 1 | -1): Promise<void> {
    if (step === 1 && this.next) this.cursors.push(this.next);
    if (step === -1 && this.cursors.length > 1) this.cursors.pop();
    await this.show();
  }
}

export const money = (value: number | null | undefined): string =>
  value === null || value === undefined ? '—' : value.toLocaleString('en', { style: 'currency', currency: 'USD', maximumFractionDigits: 4 });
export const num = (value: number | null | undefined, digits = 0): string =>
  value === null || value === undefined ? '—' : value.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
export const percent = (value: number | null | undefined): string =>
  value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)} %`;
export const when = (iso: string | null | undefined): string => (iso ? new Date(iso).toLocaleString('en-GB') : '—');

/** Waits, or stops waiting when the signal aborts (the user left the view). */
export const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });

/** One value per line (or comma), trimmed, without blanks: how lists are typed into a textarea. */
export const lines = (text: string): string[] =>
  text.split(/[\n,]/).map((s) => s.trim()).filter((s) => s.length > 0);

/** A random UUID; crypto.randomUUID exists only on secure origins, and the API may be served over plain HTTP on a LAN. */
export function uuid(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Asks for confirmation in a modal dialog (focus stays inside, Escape cancels); resolves true when confirmed. */
export function confirmDialog(title: string, text: string, confirmLabel: string, danger = false, dismissLabel = 'Cancel'): Promise<boolean> {
  return new Promise((resolve) => {
    const titleId = uid('dlg');
    // The safe choice has the focus, so Enter pressed out of habit changes nothing.
    const cancel = h('button', { type: 'button', class: 'secondary', autofocus: true }, dismissLabel);
    const confirm = h('button', { type: 'button', class: danger ? 'danger' : null }, confirmLabel);
    const dialog = h(
      'dialog',
      { 'aria-labelledby': titleId },
      h('h2', { id: titleId }, title),
      h('p', null, text),
      h('div', { class: 'actions' }, cancel, confirm),
    );
    const close = (answer: boolean) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    cancel.addEventListener('click', () => close(false));
    confirm.addEventListener('click', () => close(true));
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      close(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
