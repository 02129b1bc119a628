// Compliance: find a data subject, read their history as of a date, export what is held (Art. 15), record an objection
// (Art. 21) and erase them (Art. 17).
import { get, query, saveBlob, send } from '../api';
import { add, choices, clearErrors, confirmDialog, field, fill, h, money, ok, outcome, showError, sleep, table, tableFrame, when } from '../dom';
import type { ViewContext } from '../router';

interface SubjectSummary {
  id: string;
  platform: string;
  name: string;
  email: string | null;
  campaigns: number;
  converted: boolean;
  objection: string | null;
  erased: boolean;
}

interface AuditLine {
  sequence: number;
  at: string;
  event: string;
  actor: string;
  campaignId: string | null;
  details: string;
  cost: number | null;
}

interface SubjectHistory {
  asOf: string;
  state: {
    platform: string;
    sources: { platform: string; campaignId: string; lawfulBasis: string; query: string; balancingTest: string | null }[];
    campaigns: { campaignId: string; stage: string; score: number | null; reason: string | null }[];
    leadId: string | null;
    objection: string | null;
    erased: boolean;
  } | null;
  consent: AuditLine[];
  events: AuditLine[];
}

export function complianceView({ main, signal }: ViewContext): void {
  const by = choices('Find by', 'by', 'radio', [{ value: 'email', label: 'Work email', checked: true }, { value: 'platform', label: 'Platform id' }]);
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'off' });
  const platform = h('select', { name: 'platform' }, ['sample', 'linkedin', 'facebook'].map((p) => h('option', { value: p }, p)));
  const externalId = h('input', { name: 'externalId', autocomplete: 'off' });
  const emailField = field('Email', email);
  const platformFields = h('div', { class: 'grid', hidden: true }, field('Platform', platform), field('Id on the platform', externalId));
  const area = outcome();
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'aria-labelledby': 'lookup-title', role: 'search' },
    h('h2', { id: 'lookup-title' }, 'Find a data subject'),
    by,
    emailField,
    platformFields,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Find')),
    area,
  );
  const results = h('div');
  const subject = h('section', { 'aria-labelledby': 'subject-title', id: 'subject', hidden: true });

  const byEmail = () => (form.elements.namedItem('by') as RadioNodeList).value === 'email';
  by.addEventListener('change', () => {
    emailField.hidden = !byEmail();
    platformFields.hidden = byEmail();
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(area, form);
    try {
      const found = await get<{ subjects: SubjectSummary[]; suppressed: boolean }>(
        `/api/v1/compliance/subjects${query(byEmail() ? { email: email.value.trim() } : { platform: platform.value, externalId: externalId.value.trim() })}`,
        signal,
      );
      fill(
        results,
        h('p', { role: 'status' }, `${found.subjects.length} subject(s) found. This identifier is ${found.suppressed ? '' : 'not '}on the suppression list.`),
        found.subjects.length
          ? tableFrame('Subjects found', table('Subjects found', ['Name', 'Email', 'Platform', 'Campaigns', 'Converted', 'Objection', 'Erased', ''],
              found.subjects.map((s) => [s.name, s.email ?? '—', s.platform, String(s.campaigns), s.converted ? 'yes' : 'no', s.objection ?? '—', s.erased ? 'yes' : 'no',
                h('button', { type: 'button', onclick: () => void open(s) }, 'Open', h('span', { class: 'visually-hidden' }, ` ${s.name}`))])))
          : null,
      );
    } catch (e) {
      showError(area, e, form);
    }
  });

  async function open(s: SubjectSummary): Promise<void> {
    subject.hidden = false;
    const title = h('h2', { id: 'subject-title', tabindex: -1 }, `Subject: ${s.name}`);
    // Once erased, the name is gone from the screen too, and the search shows what is left (the suppression).
    const erased = () => {
      title.textContent = `Subject ${s.id} (erased)`;
      form.requestSubmit();
    };
    fill(subject, title, subjectPanel(s, signal, erased));
    subject.querySelector<HTMLElement>('#subject-title')!.focus();
  }

  add(main, h('h1', null, 'Compliance'), form, results, subject);
  email.focus();
}

function subjectPanel(s: SubjectSummary, signal: AbortSignal, erased: () => void): HTMLElement {
  const asOf = h('input', { type: 'datetime-local', name: 'asOf', step: 1 });
  const historyArea = outcome();
  const asOfForm = h(
    'form',
    { class: 'toolbar', novalidate: true, 'aria-label': 'History as of a date' },
    field('History as of (your local time)', asOf, 'Empty: now.'),
    h('button', { type: 'submit' }, 'Show history'),
    h('button', { type: 'button', class: 'secondary', onclick: () => { asOf.value = ''; void showHistory(); } }, 'Now'),
    historyArea,
  );
  const state = h('div');
  const timeline = h('ol', { class: 'timeline', 'aria-label': 'Audit trail, oldest first' });

  async function history(): Promise<SubjectHistory> {
    return get<SubjectHistory>(`/api/v1/compliance/subjects/${s.id}/history${query({ asOf: asOf.value ? new Date(asOf.value).toISOString() : null })}`, signal);
  }

  async function showHistory(): Promise<SubjectHistory | null> {
    clearErrors(historyArea, asOfForm);
    try {
      const x = await history();
      renderHistory(x);
      return x;
    } catch (e) {
      showError(historyArea, e, asOfForm);
      return null;
    }
  }

  function renderHistory(x: SubjectHistory): void {
    const st = x.state;
    fill(
      state,
      h('p', null, `As of ${when(x.asOf)}:`),
      st
        ? h('dl', { class: 'facts' },
            [
              ['Platform', st.platform],
              ['Source and lawful basis', st.sources.map((src) => `${src.lawfulBasis}${src.balancingTest ? ` (${src.balancingTest})` : ''} — ${src.platform}, ${src.query}`).join('; ') || '—'],
              ['Campaigns', st.campaigns.map((c) => `${c.stage}${c.score === null ? '' : ` (${c.score.toFixed(3)})`}`).join(', ') || '—'],
              ['Lead', st.leadId ?? '—'],
              ['Objection', st.objection ?? '—'],
              ['Erased', st.erased ? 'yes' : 'no'],
            ].map(([k, v]) => [h('dt', null, k), h('dd', null, v)]))
        : h('p', null, 'Not yet known at that time.'),
    );
    // Nothing is left to export, object to or erase once the person is erased.
    for (const control of requests.querySelectorAll<HTMLButtonElement | HTMLInputElement | HTMLSelectElement>('button, input, select'))
      control.disabled = !!st?.erased;
    const consent = new Set(x.consent.map((l) => l.sequence));
    fill(
      timeline,
      x.events.length
        ? x.events.map((l) =>
            h('li', { class: consent.has(l.sequence) ? 'consent' : null },
              h('time', { datetime: l.at }, when(l.at)),
              h('strong', null, l.event),
              consent.has(l.sequence) ? h('span', { class: 'tag' }, 'consent') : null,
              h('span', null, `${l.details}${l.cost === null ? '' : ` — ${money(l.cost)}`}`),
              h('span', { class: 'actor' }, `by ${l.actor}`),
            ))
        : h('li', null, 'No events up to that time.'),
    );
  }

  asOfForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void showHistory();
  });

  const actionArea = outcome();
  const kind = h('select', { name: 'kind' }, [['objection', 'Objection (Art. 21)'], ['consent-withdrawn', 'Consent withdrawn'], ['do-not-contact', 'Do not contact']].map(([v, t]) => h('option', { value: v }, t)));
  const reason = h('input', { name: 'reason', maxlength: 1000 });
  const objection = h('form', { class: 'toolbar', novalidate: true, 'aria-label': 'Record an objection' }, field('Kind', kind), field('Reason (optional)', reason), h('button', { type: 'submit' }, 'Record objection'));
  objection.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(actionArea, objection);
    try {
      const recorded = await send<{ kind: string; suppressedIdentifiers: number }>('POST', `/api/v1/compliance/subjects/${s.id}/objection`, { kind: kind.value, reason: reason.value.trim() || null });
      ok(actionArea, `Recorded ${recorded.kind}: ${recorded.suppressedIdentifiers} identifiers are on the suppression list.`);
      await showHistory();
    } catch (e) {
      showError(actionArea, e, objection);
    }
  });

  async function exportData(): Promise<void> {
    clearErrors(actionArea);
    try {
      const data = await get<unknown>(`/api/v1/compliance/subjects/${s.id}/export`, signal);
      saveBlob(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }), `subject-${s.id}-export.json`);
      ok(actionArea, 'Access export downloaded; the export is on the subject’s audit trail.');
      await showHistory();
    } catch (e) {
      showError(actionArea, e);
    }
  }

  async function erase(): Promise<void> {
    clearErrors(actionArea);
    const sure = await confirmDialog(
      `Erase ${s.name}?`,
      'Every piece of personal data about this person is removed from events, read models, caches and vectors, and they are suppressed from future campaigns. Ids, scores and costs stay for the audit. This cannot be undone.',
      'Erase permanently',
      true,
    );
    if (!sure) return;
    try {
      const accepted = await send<{ status: string }>('POST', `/api/v1/compliance/subjects/${s.id}/erasure`);
      ok(actionArea, `Erasure accepted (${accepted.status}); waiting for it to complete…`);
      // The scrub runs as a durable message after the answer; the history shows "erasure-completed" when it is done.
      for (let i = 0; i < 60 && !signal.aborted; i++) {
        const x = await history();
        renderHistory(x);
        const done = x.events.find((l) => l.event === 'erasure-completed');
        if (done) {
          ok(actionArea, `Erasure completed ${when(done.at)}: ${done.details}.`);
          erased();
          return;
        }
        await sleep(1000, signal);
      }
      ok(actionArea, 'Erasure accepted; it has not completed yet. Show the history again later.');
    } catch (e) {
      showError(actionArea, e);
    }
  }

  const requests = h(
    'div',
    { class: 'card' },
    h('h3', null, 'Requests'),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', onclick: () => void exportData() }, 'Download access export (JSON)'),
      h('button', { type: 'button', class: 'danger', onclick: () => void erase() }, 'Erase subject…'),
    ),
    objection,
    actionArea,
  );
  const panel = h(
    'div',
    null,
    requests,
    h('h3', null, 'History'),
    asOfForm,
    state,
    timeline,
  );
  void showHistory();
  return panel;
}
