// Analytics: spend by provider, campaign, ICP or day; return by campaign, ICP or platform, with the score histogram
// and the discovered → qualified → converted funnel.
import { download, get, query } from '../api';
import { barChart } from '../charts';
import { add, clearErrors, field, fill, h, money, num, outcome, percent, showError, table, tableFrame } from '../dom';
import type { ViewContext } from '../router';
import type { Icp, Page } from './icps';

interface CostGroup {
  key: string;
  name: string | null;
  calls: number;
  billableCalls: number;
  cachedCalls: number;
  freeCalls: number;
  billableUnits: number;
  cost: number;
  saved: number;
}

interface CostAnalytics {
  from: string;
  to: string;
  total: number;
  saved: number;
  calls: number;
  groups: CostGroup[];
}

interface RoiGroup {
  key: string;
  name: string | null;
  campaigns: number;
  discovered: number;
  scored: number;
  qualified: number;
  converted: number;
  cost: number;
  costPerQualifiedLead: number | null;
  costPerConvertedLead: number | null;
  qualificationRate: number | null;
  conversionRate: number | null;
  value: number;
  roi: number;
  roiRatio: number | null;
  scoreHistogram: number[];
  timeToFirstQualifiedLeadSeconds: number | null;
}

interface Roi {
  valuePerLead: number;
  total: RoiGroup;
  groups: RoiGroup[];
}

const plural = (n: number, noun: string) => `${num(n)} ${noun}${n === 1 ? '' : 's'}`;
const buckets = Array.from({ length: 10 }, (_, i) => `${(i / 10).toFixed(1)}–${((i + 1) / 10).toFixed(1)}`);

export async function analyticsView({ main, signal }: ViewContext): Promise<void> {
  const from = h('input', { type: 'date', name: 'from' });
  const to = h('input', { type: 'date', name: 'to' });
  const costBy = h('select', { name: 'groupBy', 'data-field': 'costGroupBy' }, ['provider', 'campaign', 'icp', 'day'].map((g) => h('option', { value: g }, g)));
  const roiBy = h('select', { name: 'roiGroupBy' }, ['campaign', 'icp', 'platform'].map((g) => h('option', { value: g }, g)));
  const valuePerLead = h('input', { type: 'number', name: 'valuePerLead', min: 0, step: 0.01 });
  const area = outcome();
  const controls = h(
    'form',
    { class: 'card', novalidate: true, 'aria-label': 'Period and grouping' },
    h(
      'div',
      { class: 'grid three' },
      field('From (UTC day)', from, 'Empty: costs of the last 30 days, return of all time.'),
      field('To (UTC day, included)', to),
      field('Costs by', costBy),
      field('Return by', roiBy),
      field('Value of a converted lead (optional)', valuePerLead, 'Default: the deployment’s setting.'),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Update'), h('button', { type: 'button', class: 'secondary', onclick: () => void exportLedger() }, 'Download cost ledger (CSV)')),
    area,
  );
  const costs = h('div');
  const roi = h('div');
  const icpNames = new Map((await get<Page<Icp>>('/api/v1/icps?limit=200&includeArchived=true', signal)).items.map((i) => [i.id, i.name]));
  let charts = new AbortController();
  let latest = 0;
  signal.addEventListener('abort', () => charts.abort(), { once: true });

  // The period as the API takes it: `to` is exclusive, so the day chosen as the last is included by asking up to the next.
  const period = () => ({
    from: from.value ? `${from.value}T00:00:00Z` : null,
    to: to.value ? new Date(Date.parse(`${to.value}T00:00:00Z`) + 86_400_000).toISOString() : null,
  });

  async function update(): Promise<void> {
    // Only the latest request is shown: an answer to an earlier choice arriving late is dropped.
    const request = ++latest;
    const [costsBy, roiByValue] = [costBy.value, roiBy.value];
    clearErrors(area, controls);
    try {
      const [c, r] = await Promise.all([
        get<CostAnalytics>(`/api/v1/analytics/costs${query({ ...period(), groupBy: costsBy })}`, signal),
        get<Roi>(`/api/v1/analytics/roi${query({ ...period(), groupBy: roiByValue, valuePerLead: valuePerLead.value })}`, signal),
      ]);
      if (request !== latest || signal.aborted) return;
      charts.abort(); // the charts being replaced
      charts = new AbortController();
      showCosts(c, costsBy, charts.signal);
      showRoi(r, roiByValue, charts.signal);
    } catch (e) {
      if (request === latest && !signal.aborted) showError(area, e, controls);
    }
  }

  function label(g: { key: string; name: string | null }, by: string): string {
    if (by === 'icp') return g.name ?? icpNames.get(g.key) ?? g.key;
    return g.name ?? g.key;
  }

  function showCosts(c: CostAnalytics, by: string, chartSignal: AbortSignal): void {
    fill(
      costs,
      h('p', null, `${money(c.total)} spent on ${plural(c.calls, 'provider call')} from ${new Date(c.from).toLocaleDateString('en-GB')} to ${new Date(c.to).toLocaleDateString('en-GB')}; the cache saved ${money(c.saved)}.`),
      barChart({
        title: `Cost by ${by}`,
        category: by,
        labels: c.groups.map((g) => label(g, by)),
        series: [{ label: 'Cost', data: c.groups.map((g) => g.cost) }, { label: 'Saved by the cache', data: c.groups.map((g) => g.saved) }],
        format: money,
        signal: chartSignal,
      }),
      c.groups.length
        ? tableFrame(`Costs by ${by}`, table(`Costs by ${by}`, [by, 'Calls', 'Billable', 'Cached', 'Free', 'Billable units', 'Cost', 'Saved'],
            c.groups.map((g) => [label(g, by), num(g.calls), num(g.billableCalls), num(g.cachedCalls), num(g.freeCalls), num(g.billableUnits), money(g.cost), money(g.saved)])))
        : null,
    );
  }

  function showRoi(r: Roi, by: string, chartSignal: AbortSignal): void {
    const focus = h('select', null, h('option', { value: '' }, 'All campaigns'), r.groups.map((g, i) => h('option', { value: String(i) }, label(g, by))));
    const focused = h('div', { class: 'grid' });
    let focusedCharts = new AbortController();
    chartSignal.addEventListener('abort', () => focusedCharts.abort(), { once: true });
    const showFocused = () => {
      focusedCharts.abort();
      focusedCharts = new AbortController();
      const g = focus.value === '' ? r.total : r.groups[Number(focus.value)];
      const name = focus.value === '' ? 'all campaigns' : label(g, by);
      fill(
        focused,
        barChart({
          title: `Funnel for ${name}: discovered → qualified → converted`,
          category: 'Stage',
          labels: ['Discovered', 'Qualified', 'Converted'],
          series: [{ label: 'Prospects', data: [g.discovered, g.qualified, g.converted] }],
          horizontal: true,
          signal: focusedCharts.signal,
        }),
        barChart({
          title: `Match scores of ${name} (${num(g.scored)} scored)`,
          category: 'Score',
          labels: g.scored ? buckets : [],
          series: [{ label: 'Prospects', data: g.scoreHistogram }],
          signal: focusedCharts.signal,
        }),
      );
    };
    focus.addEventListener('change', showFocused);
    const t = r.total;
    fill(
      roi,
      h('p', null, `${plural(t.campaigns, 'campaign')}: ${plural(t.converted, 'converted lead')} worth ${money(t.value)} at ${money(r.valuePerLead)} each, for ${money(t.cost)}: return ${money(t.roi)}${t.roiRatio === null ? '' : ` (${percent(t.roiRatio)} of the cost)`}.`),
      barChart({
        title: `Value and cost by ${by}`,
        category: by,
        labels: r.groups.map((g) => label(g, by)),
        series: [{ label: 'Cost', data: r.groups.map((g) => g.cost) }, { label: 'Value of converted leads', data: r.groups.map((g) => g.value) }],
        format: money,
        signal: chartSignal,
      }),
      h('div', { class: 'toolbar' }, field('Funnel and scores for', focus)),
      focused,
      r.groups.length
        ? tableFrame(`Return by ${by}`, table(`Return by ${by}`,
            [by, 'Campaigns', 'Discovered', 'Qualified', 'Converted', 'Cost', 'Per qualified', 'Per converted', 'Qualification rate', 'Conversion rate', 'Value', 'Return', 'Time to first qualified'],
            [...r.groups, r.total].map((g) => [
              g === r.total ? 'Total' : label(g, by), num(g.campaigns), num(g.discovered), num(g.qualified), num(g.converted), money(g.cost),
              money(g.costPerQualifiedLead), money(g.costPerConvertedLead), percent(g.qualificationRate), percent(g.conversionRate), money(g.value),
              money(g.roi), g.timeToFirstQualifiedLeadSeconds === null ? '—' : `${num(g.timeToFirstQualifiedLeadSeconds, 1)} s`,
            ])))
        : null,
    );
    showFocused();
  }

  async function exportLedger(): Promise<void> {
    clearErrors(area, controls);
    try {
      await download(`/api/v1/analytics/costs.csv${query(period())}`, 'cost-ledger.csv');
    } catch (e) {
      showError(area, e, controls);
    }
  }

  controls.addEventListener('submit', (event) => {
    event.preventDefault();
    void update();
  });
  for (const select of [costBy, roiBy]) select.addEventListener('change', () => void update());

  add(
    main,
    h('h1', null, 'Analytics'),
    controls,
    h('section', { 'aria-labelledby': 'costs-title' }, h('h2', { id: 'costs-title' }, 'Costs'), costs),
    h('section', { 'aria-labelledby': 'roi-title' }, h('h2', { id: 'roi-title' }, 'Return on investment'), roi),
  );
  await update();
}
