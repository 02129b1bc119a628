// One campaign: live progress from its Server-Sent Events, cancel, costs, and its prospects — score and explanation,
// filters, cursor paging, convert, fit feedback and CSV export.
import { download, get, query, send, serverSentEvents } from '../api';
import { add, choices, clearErrors, confirmDialog, CursorPager, field, fill, h, money, num, ok, outcome, showError, sleep, table, tableFrame, uid, when } from '../dom';
import type { ViewContext } from '../router';
import type { Session } from '../session';
import { numberOrNull, type Campaign } from './campaigns';
import type { Page } from './icps';

interface ProspectRow {
  id: string;
  name: string;
  title: string;
  company: string;
  location: string;
  platform: string;
  profileUrl: string;
  score: number | null;
  stage: string;
  email: string | null;
  emailStatus: string | null;
  reason: string | null;
}

interface ScoreComponent {
  name: string;
  weight: number;
  value: number;
  contribution: number;
  detail: string;
}

interface ProspectDetails {
  id: string;
  platform: string;
  profile: { headline: string; summary: string; industry: string | null; skills: string[]; profileUrl: string; seniority: string | null };
  campaigns: { campaignId: string; stage: string; score: number | null; reason: string | null; explanation: { model: string; components: ScoreComponent[]; summary: string } | null }[];
  enrichment: { company: { name: string; domain: string; industry: string | null; size: string | null } | null; email: string | null; emailStatus: string; companyProvider: string | null; emailProvider: string | null } | null;
  leadId: string | null;
}

interface CampaignCosts {
  total: number;
  byProvider: { provider: string; operation: string; calls: number; billableUnits: number; cost: number }[];
}

const stages = ['discovered', 'scored', 'rejected', 'enriched', 'qualified', 'failed', 'converted'];
const score = (value: number | null) => (value === null ? '—' : value.toFixed(3));
export async function campaignView({ main, params, signal, session }: ViewContext): Promise<void> {
  const id = params[0];
  let campaign = await get<Campaign>(`/api/v1/prospecting/campaigns/${id}`, signal);

  const progress = progressPanel(campaign, session, id);
  const costs = h('div');
  // A conversion changes the campaign's counts, which the status view projects within about a second; once the stream
  // has ended nothing else would show it, so the view is read again until it has caught up.
  const prospects = prospectsPanel(id, session, async () => {
    const before = campaign.converted;
    for (let i = 0; i < 20 && !signal.aborted && campaign.converted === before; i++) {
      await sleep(250, signal);
      campaign = await get<Campaign>(`/api/v1/prospecting/campaigns/${id}`, signal);
    }
    progress.show(campaign);
  });

  async function showCosts(): Promise<void> {
    const c = await get<CampaignCosts>(`/api/v1/prospecting/campaigns/${id}/costs`, signal);
    fill(
      costs,
      c.byProvider.length
        ? tableFrame(
            'Costs',
            table(
              `Provider costs, ${money(c.total)} in all`,
              ['Provider', 'Operation', 'Calls', 'Billable units', 'Cost'],
              c.byProvider.map((p) => [p.provider, p.operation, num(p.calls), num(p.billableUnits), money(p.cost)]),
            ),
          )
        : h('p', { class: 'empty' }, 'Nothing paid yet.'),
    );
  }

  add(
    main,
    h('p', { class: 'breadcrumb' }, h('a', { href: '/campaigns' }, '← All campaigns')),
    h('h1', null, campaign.name),
    progress.element,
    h('section', { 'aria-labelledby': 'costs-title' }, h('h2', { id: 'costs-title' }, 'Costs'), costs),
    prospects.element,
  );
  await Promise.all([showCosts(), prospects.pager.reset()]);

  // Follow the stream while the campaign runs; a stream that ends early (a proxy's timeout, a restarting host) is opened
  // again, and the first frame of each brings the view up to date.
  while (campaign.status === 'running' && !signal.aborted) {
    progress.live(true);
    try {
      for await (const event of serverSentEvents(`/api/v1/prospecting/campaigns/${id}/events`, signal)) {
        if (event.event !== 'progress') continue;
        campaign = JSON.parse(event.data) as Campaign;
        progress.show(campaign);
      }
    } catch (e) {
      if (signal.aborted) return;
      progress.problem(e);
    }
    progress.live(false);
    if (campaign.status === 'running') await sleep(1000, signal);
  }
  if (signal.aborted) return;
  await Promise.all([showCosts(), prospects.pager.reset()]);
}

/** Status, counts by stage, progress bars and a log of the updates as they arrive. */
function progressPanel(initial: Campaign, session: Session, id: string) {
  const status = h('p', { class: 'status-line', id: 'campaign-status', role: 'status' });
  const liveBadge = h('span', { class: 'live', hidden: true }, 'live');
  const discoveredLabel = h('span', { id: uid('p') });
  const discovered = h('progress', { 'aria-labelledby': discoveredLabel.id });
  const scoredLabel = h('span', { id: uid('p') });
  const scored = h('progress', { 'aria-labelledby': scoredLabel.id });
  const counts = h('dl', { class: 'counts' });
  const log = h('ol', { class: 'progress-log', reversed: true, 'aria-label': 'Progress updates, newest first' });
  const outcomes = h('p');
  const area = outcome();
  const cancel = h('button', { type: 'button', class: 'danger', hidden: true, onclick: () => void cancelCampaign() }, 'Cancel campaign');
  let current = initial;

  async function cancelCampaign(): Promise<void> {
    const sure = await confirmDialog('Cancel this campaign?', 'Discovery stops and prospects in flight are not enriched. What was found so far stays.',
      'Cancel campaign', true, 'Keep it running');
    if (!sure) return;
    try {
      await send('POST', `/api/v1/prospecting/campaigns/${id}/cancel`, {});
      ok(area, 'Cancellation requested.');
    } catch (e) {
      showError(area, e);
    }
  }

  function show(c: Campaign): void {
    current = c;
    const settled = c.status !== 'running';
    const since = settled && c.completedAt ? ` — settled ${when(c.completedAt)}` : ` — started ${when(c.startedAt)}`;
    // A live region: rewritten only when it says something new, so screen readers do not repeat it at every update.
    if (status.textContent !== `${c.status}${since}`) fill(status, h('span', { class: `badge ${c.status}` }, c.status), since);
    discovered.max = c.maxProspects;
    discovered.value = Math.min(c.discovered, c.maxProspects);
    discoveredLabel.textContent = `Discovered ${num(c.discovered)} of up to ${num(c.maxProspects)}`;
    scored.max = Math.max(c.discovered, 1);
    scored.value = c.scored;
    scoredLabel.textContent = `Scored ${num(c.scored)} of ${num(c.discovered)} discovered`;
    const pairs: [string, string][] = [
      ['Discovered', num(c.discovered)], ['Scored', num(c.scored)], ['Enriched', num(c.enriched)], ['Qualified', num(c.qualified)],
      ['Converted', num(c.converted)], ['Rejected', num(c.rejected)], ['Failed', num(c.failed)], ['Suppressed', num(c.suppressed)],
      ['Cost', money(c.cost)], ['Minimum score', c.minMatchScore.toFixed(2)], ['Platforms', c.platforms.join(', ')],
    ];
    fill(counts, pairs.map(([k, v]) => h('div', null, h('dt', null, k), h('dd', null, v))));
    const platformOutcomes = Object.entries(c.platformOutcomes ?? {});
    outcomes.textContent = platformOutcomes.length ? `Platform outcomes: ${platformOutcomes.map(([p, o]) => `${p}: ${o}`).join('; ')}` : '';
    cancel.hidden = settled || !session.canChange;
    log.prepend(
      h('li', null, h('time', { datetime: new Date().toISOString() }, new Date().toLocaleTimeString('en-GB')),
        ` ${c.status}: ${c.discovered} discovered, ${c.scored} scored, ${c.enriched} enriched, ${c.qualified} qualified`),
    );
    while (log.children.length > 50) log.lastElementChild!.remove();
  }

  show(initial);
  const element = h(
    'section',
    { 'aria-labelledby': 'progress-title', class: 'card' },
    h('h2', { id: 'progress-title' }, 'Progress ', liveBadge),
    status,
    h('div', { class: 'bars' }, h('div', null, discoveredLabel, discovered), h('div', null, scoredLabel, scored)),
    counts,
    outcomes,
    h('div', { class: 'actions' }, cancel),
    area,
    h('details', { class: 'log' }, h('summary', null, 'Updates received'), log),
  );
  return {
    element,
    show,
    live: (on: boolean) => {
      liveBadge.hidden = !on;
      element.setAttribute('aria-busy', String(on && current.status === 'running'));
    },
    problem: (e: unknown) => showError(area, e),
  };
}

/** The campaign's prospects, best score first: filters, pages, details with the score explained, actions. */
function prospectsPanel(campaignId: string, session: Session, converted: () => Promise<void>) {
  const stage = h('select', { name: 'stage' }, h('option', { value: '' }, 'Any stage'), stages.map((s) => h('option', { value: s }, s)));
  const minScore = h('input', { name: 'minScore', type: 'number', min: 0, max: 1, step: 0.01 });
  const area = outcome();
  const filters = h(
    'form',
    { class: 'toolbar', novalidate: true, 'aria-label': 'Prospect filters' },
    field('Stage', stage),
    field('Minimum score', minScore),
    h('button', { type: 'submit' }, 'Apply filters'),
    h('button', { type: 'button', class: 'secondary', onclick: () => void exportCsv() }, 'Export CSV'),
  );
  const rows = h('div');
  const filter = () => ({ stage: stage.value, minScore: numberOrNull(minScore) });

  const pager = new CursorPager(
    (cursor) => get<Page<ProspectRow>>(`/api/v1/prospecting/campaigns/${campaignId}/prospects${query({ ...filter(), limit: 20, cursor })}`),
    (items) => fill(rows, items.length ? tableFrame('Prospects', prospectTable(items)) : h('p', { class: 'empty' }, 'No prospects match.')),
    filters,
  );

  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(area);
    void pager.reset();
  });

  async function exportCsv(): Promise<void> {
    clearErrors(area, filters);
    try {
      const name = await download(`/api/v1/prospecting/campaigns/${campaignId}/prospects.csv${query(filter())}`, `campaign-${campaignId}-prospects.csv`);
      ok(area, `Downloaded ${name}.`);
    } catch (e) {
      showError(area, e, filters);
    }
  }

  function prospectTable(items: ProspectRow[]): HTMLTableElement {
    const body = h('tbody');
    for (const p of items) {
      const detailsId = uid('details');
      const detailsCell = h('td', { colspan: 8 });
      const detailsRow = h('tr', { id: detailsId, class: 'details', hidden: true }, detailsCell);
      const stageCell = h('td', null, h('span', { class: `badge ${p.stage}` }, p.stage));
      const rowArea = h('span', { class: 'outcome', 'aria-live': 'polite' });
      const toggle = h('button', { type: 'button', class: 'secondary', 'aria-expanded': 'false', 'aria-controls': detailsId }, 'Details', h('span', { class: 'visually-hidden' }, ` of ${p.name}`));
      toggle.addEventListener('click', async () => {
        const open = detailsRow.hidden;
        detailsRow.hidden = !open;
        toggle.setAttribute('aria-expanded', String(open));
        if (open && !detailsCell.hasChildNodes()) await showDetails(p, detailsCell);
      });
      const convert = p.stage === 'qualified' && session.canChange ? convertButton(p, stageCell, rowArea) : null;
      body.append(
        h('tr', { 'data-prospect': p.id },
          h('td', null, p.name),
          h('td', null, p.title),
          h('td', null, p.company),
          h('td', { class: 'number' }, score(p.score)),
          stageCell,
          h('td', null, p.email ? `${p.email} (${p.emailStatus ?? 'unverified'})` : '—'),
          h('td', null, p.reason ?? ''),
          h('td', null, h('div', { class: 'row-actions' }, toggle, convert, rowArea)),
        ),
        detailsRow,
      );
    }
    return h(
      'table',
      null,
      h('caption', null, 'Prospects, best score first'),
      h('thead', null, h('tr', null, ['Name', 'Title', 'Company', 'Score', 'Stage', 'Email', 'Reason', 'Actions'].map((t) => h('th', { scope: 'col' }, t)))),
      body,
    );
  }

  function convertButton(p: ProspectRow, stageCell: HTMLElement, rowArea: HTMLElement): HTMLButtonElement {
    const button = h('button', { type: 'button' }, 'Convert', h('span', { class: 'visually-hidden' }, ` ${p.name}`));
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const lead = await send<{ leadId: string }>('POST', `/api/v1/prospecting/prospects/${p.id}/convert`);
        fill(stageCell, h('span', { class: 'badge converted' }, 'converted'));
        // Keyboard users keep their place: focus moves to the row's remaining button before this one goes.
        stageCell.parentElement?.querySelector<HTMLButtonElement>('button[aria-expanded]')?.focus();
        button.remove();
        ok(rowArea, `Converted: lead ${lead.leadId}`);
        await converted();
      } catch (e) {
        button.disabled = false;
        showError(rowArea, e);
      }
    });
    return button;
  }

  async function showDetails(p: ProspectRow, cell: HTMLElement): Promise<void> {
    try {
      const details = await get<ProspectDetails>(`/api/v1/prospecting/prospects/${p.id}`);
      const standing = details.campaigns.find((c) => c.campaignId === campaignId);
      const explanation = standing?.explanation;
      const url = /^https?:\/\//i.test(details.profile.profileUrl) ? details.profile.profileUrl : null;
      const e = details.enrichment;
      fill(
        cell,
        h('div', { class: 'details-grid' },
          h('div', null,
            h('h3', null, `Score ${score(standing?.score ?? null)}`),
            explanation
              ? [
                  h('p', null, explanation.summary),
                  table(`How ${p.name}'s score adds up`, ['Component', 'Weight', 'Value', 'Contribution', 'Detail'],
                    explanation.components.map((c) => [c.name, c.weight.toFixed(2), c.value.toFixed(3), c.contribution.toFixed(3), c.detail])),
                ]
              : h('p', null, 'Not scored yet.'),
          ),
          h('div', null,
            h('h3', null, 'Profile'),
            h('p', null, details.profile.headline),
            h('p', null, `Skills: ${details.profile.skills.join(', ') || '—'}`),
            e ? h('p', null, `Company: ${e.company ? `${e.company.name} (${e.company.domain}, ${e.company.industry ?? 'industry unknown'}, ${e.company.size ?? 'size unknown'})` : '—'}; email ${e.email ?? '—'} (${e.emailStatus}) from ${e.emailProvider ?? '—'}`) : null,
            details.leadId ? h('p', null, `Lead ${details.leadId}`) : null,
            url ? h('p', null, h('a', { href: url, rel: 'noopener noreferrer', target: '_blank' }, 'Profile on the platform')) : null,
            session.canChange ? feedbackForm(p) : null,
          ),
        ),
      );
    } catch (e) {
      const area = outcome();
      fill(cell, area);
      showError(area, e);
    }
  }

  function feedbackForm(p: ProspectRow): HTMLFormElement {
    const fit = choices(`Does ${p.name} fit the ICP?`, 'fit', 'radio', [{ value: 'good', label: 'Good fit' }, { value: 'bad', label: 'Bad fit' }]);
    const reason = h('input', { name: 'reason', maxlength: 1000 });
    const area = outcome();
    const form = h('form', { class: 'feedback', novalidate: true }, fit, field('Reason (optional)', reason), h('button', { type: 'submit' }, 'Send feedback'), area);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(area, form);
      const chosen = (form.querySelector<HTMLInputElement>('input[name="fit"]:checked'))?.value ?? null;
      try {
        const judged = await send<{ fit: string }>('POST', `/api/v1/prospecting/prospects/${p.id}/feedback`, { fit: chosen, reason: reason.value.trim() || null, campaignId });
        ok(area, `Recorded: ${judged.fit} fit. Refining the ICP learns from it.`);
      } catch (e) {
        showError(area, e, form);
      }
    });
    return form;
  }

  const element = h(
    'section',
    { 'aria-labelledby': 'prospects-title' },
    h('h2', { id: 'prospects-title' }, 'Prospects'),
    filters,
    area,
    pager.status,
    rows,
    pager.element,
  );
  return { element, pager };
}
