// Campaigns: start one from an ICP, and list them by status with cursor paging.
import { get, query, send } from '../api';
import { add, choices, clearErrors, CursorPager, field, fill, h, money, num, outcome, showError, table, tableFrame, uuid, when } from '../dom';
import { navigate, type ViewContext } from '../router';
import type { Icp, Page } from './icps';

export interface Campaign {
  id: string;
  name: string;
  icpId: string;
  icpVersion: number;
  status: string;
  platforms: string[];
  platformOutcomes: Record<string, string>;
  maxProspects: number;
  minMatchScore: number;
  budget: number | null;
  discoveryCompleted: boolean;
  discovered: number;
  scored: number;
  enriched: number;
  qualified: number;
  rejected: number;
  failed: number;
  converted: number;
  suppressed: number;
  cost: number;
  startedAt: string;
  completedAt: string | null;
}

export const statuses = ['running', 'completed', 'cancelled', 'budget-exhausted', 'failed'];

/** A number input's value, or null when empty (the API then says what it needs). */
export const numberOrNull = (input: HTMLInputElement): number | null => (input.value.trim() === '' ? null : Number(input.value));

export async function campaignsView({ main, search, session }: ViewContext): Promise<void> {
  const status = h('select', { name: 'status' }, h('option', { value: '' }, 'Any status'), statuses.map((s) => h('option', { value: s }, s)));
  const rows = h('div');
  const pager = new CursorPager(
    (cursor) => get<Page<Campaign>>(`/api/v1/prospecting/campaigns${query({ status: status.value, limit: 20, cursor })}`),
    (items) => fill(
      rows,
      items.length
        ? tableFrame(
            'Campaigns',
            table(
              'Campaigns, newest first',
              ['Name', 'Status', 'Discovered', 'Qualified', 'Converted', 'Cost', 'Started'],
              items.map((c) => [
                h('a', { href: `/campaigns/${c.id}` }, c.name),
                h('span', { class: `badge ${c.status}` }, c.status),
                num(c.discovered),
                num(c.qualified),
                num(c.converted),
                money(c.cost),
                when(c.startedAt),
              ]),
            ),
          )
        : h('p', { class: 'empty' }, 'No campaigns.'),
    ),
  );
  status.addEventListener('change', () => void pager.reset());

  add(
    main,
    h('h1', null, 'Campaigns'),
    session.canChange ? await startForm(search.get('icp')) : null,
    h(
      'section',
      { 'aria-labelledby': 'campaign-list' },
      h('h2', { id: 'campaign-list' }, 'All campaigns'),
      h('div', { class: 'toolbar' }, field('Status', status)),
      pager.status,
      rows,
      pager.element,
    ),
  );
  await pager.reset();
}

async function startForm(preselected: string | null): Promise<HTMLFormElement> {
  const icps = await get<Page<Icp>>('/api/v1/icps?limit=200');
  const icp = h(
    'select',
    { name: 'icpId', required: true },
    h('option', { value: '' }, icps.items.length ? 'Choose an ICP' : 'Create an ICP first'),
    icps.items.map((i) => h('option', { value: i.id, selected: i.id === preselected }, `${i.name} (v${i.version})`)),
  );
  const name = h('input', { name: 'name', maxlength: 200 });
  const platforms = choices('Platforms', 'platforms', 'checkbox', [
    { value: 'sample', label: 'Sample platform (built in)', checked: true },
    { value: 'linkedin', label: 'LinkedIn' },
    { value: 'facebook', label: 'Facebook' },
  ]);
  const maxProspects = h('input', { name: 'maxProspects', type: 'number', min: 1, step: 1, value: 100, required: true });
  const minMatchScore = h('input', { name: 'minMatchScore', type: 'number', min: 0, max: 1, step: 0.01, value: 0.75, required: true });
  const budget = h('input', { name: 'budget', type: 'number', min: 0, step: 0.01 });
  const submit = h('button', { type: 'submit' }, 'Start campaign');
  const area = outcome();
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'aria-labelledby': 'start-campaign' },
    h('h2', { id: 'start-campaign' }, 'Start a campaign'),
    h('div', { class: 'grid' }, field('ICP', icp), field('Name (optional)', name)),
    platforms,
    h(
      'div',
      { class: 'grid three' },
      field('Prospects to find', maxProspects),
      field('Minimum match score', minMatchScore, '0 to 1; 0.75 means a good fit.'),
      field('Budget (optional)', budget, 'Stops paying providers once reached.'),
    ),
    h('div', { class: 'actions' }, submit),
    area,
  );

  // One Idempotency-Key per request content: a double submit or a retry after a lost answer starts one campaign, and any
  // change to the form asks for a new one.
  let idempotencyKey = uuid();
  form.addEventListener('input', () => (idempotencyKey = uuid()));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(area, form);
    submit.disabled = true;
    try {
      const started = await send<{ id: string }>(
        'POST',
        '/api/v1/prospecting/campaigns',
        {
          icpId: icp.value || null,
          name: name.value.trim() || null,
          platforms: [...platforms.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => i.value),
          maxProspects: numberOrNull(maxProspects),
          minMatchScore: numberOrNull(minMatchScore),
          budget: numberOrNull(budget),
        },
        { 'Idempotency-Key': idempotencyKey },
      );
      navigate(`/campaigns/${started.id}`);
    } catch (e) {
      showError(area, e, form);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
