// Ideal customer profiles: create, edit (each save is a new version; running campaigns keep theirs), archive.
import { get, query, send } from '../api';
import { add, choices, clearErrors, confirmDialog, CursorPager, field, fill, h, lines, ok, outcome, showError, table, tableFrame, when } from '../dom';
import type { ViewContext } from '../router';

export interface Icp {
  id: string;
  name: string;
  persona: string;
  criteria: { titles: string[]; seniorities: string[]; industries: string[]; companySizes: string[]; locations: string[]; skills: string[] };
  version: number;
  archived: boolean;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const seniorities = ['entry', 'senior', 'manager', 'director', 'vp', 'cxo', 'partner', 'owner'];
const companySizes = ['1-10', '11-50', '51-200', '201-500', '501-1000', '1001-5000', '5001-10000', '10001+'];

export async function icpsView({ main, session }: ViewContext): Promise<void> {
  const listArea = outcome();
  const rows = h('div');
  const showArchived = h('input', { type: 'checkbox', id: 'show-archived' });
  const pager = new CursorPager(
    (cursor) => get<Page<Icp>>(`/api/v1/icps${query({ limit: 20, cursor, includeArchived: showArchived.checked })}`),
    (items) => fill(rows, items.length ? tableFrame('ICPs', icpTable(items)) : h('p', { class: 'empty' }, 'No ICPs yet.')),
  );
  showArchived.addEventListener('change', () => void pager.reset());

  const editor = session.canChange ? icpEditor(() => void pager.reset()) : null;

  function icpTable(items: Icp[]): HTMLTableElement {
    return table(
      'Ideal customer profiles, newest first',
      ['Name', 'Version', 'Looks for', 'Updated', 'Status', 'Actions'],
      items.map((icp) => [
        icp.name,
        `v${icp.version}`,
        [...icp.criteria.titles, ...icp.criteria.skills].join(', '),
        when(icp.updatedAt),
        icp.archived ? 'archived' : 'active',
        h(
          'div',
          { class: 'row-actions' },
          !icp.archived && session.canChange
            ? [
                h('a', { href: `/campaigns?icp=${icp.id}` }, 'Start campaign'),
                h('button', { type: 'button', class: 'secondary', onclick: () => editor!.edit(icp) }, 'Edit', h('span', { class: 'visually-hidden' }, ` ${icp.name}`)),
                h('button', { type: 'button', class: 'secondary', onclick: () => void archive(icp) }, 'Archive', h('span', { class: 'visually-hidden' }, ` ${icp.name}`)),
              ]
            : null,
        ),
      ]),
    );
  }

  async function archive(icp: Icp): Promise<void> {
    const sure = await confirmDialog(`Archive “${icp.name}”?`, 'An archived ICP starts no new campaigns and takes no new versions. Campaigns that used it keep their results.', 'Archive');
    if (!sure) return;
    try {
      await send('POST', `/api/v1/icps/${icp.id}/archive`);
      ok(listArea, `Archived “${icp.name}”.`);
      await pager.reset();
    } catch (e) {
      showError(listArea, e);
    }
  }

  add(
    main,
    h('h1', null, 'Ideal customer profiles'),
    editor?.element ?? h('p', { class: 'notice' }, 'Your role may read ICPs; creating and changing them needs the prospector or admin role.'),
    h(
      'section',
      { 'aria-labelledby': 'icp-list' },
      h('h2', { id: 'icp-list' }, 'All ICPs'),
      h('div', { class: 'toolbar' }, h('label', { class: 'choice', for: showArchived.id }, showArchived, ' Show archived ICPs')),
      listArea,
      pager.status,
      rows,
      pager.element,
    ),
  );
  await pager.reset();
}

/** The create / edit form; editing fills it with an ICP and saves a new version. */
function icpEditor(saved: () => void): { element: HTMLElement; edit: (icp: Icp) => void } {
  let editing: Icp | null = null;
  const heading = h('h2', { id: 'icp-editor' });
  const name = h('input', { name: 'name', required: true, maxlength: 200 });
  const persona = h('textarea', { name: 'persona', rows: 3, required: true });
  const list = (n: string) => h('textarea', { name: n, rows: 2, 'data-field': `criteria criteria.${n}` });
  const titles = list('titles');
  const skills = list('skills');
  const industries = list('industries');
  const locations = list('locations');
  const seniority = choices('Seniority', 'seniorities', 'checkbox', seniorities.map((value) => ({ value })));
  const sizes = choices('Company size (employees)', 'companySizes', 'checkbox', companySizes.map((value) => ({ value })));
  const submit = h('button', { type: 'submit' });
  const cancel = h('button', { type: 'button', class: 'secondary', hidden: true, onclick: () => reset() }, 'Cancel edit');
  const area = outcome();
  const hint = 'One per line or separated by commas.';
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'aria-labelledby': 'icp-editor' },
    heading,
    h('div', { class: 'grid' }, field('Name', name), field('Persona', persona, 'Who they are, what they do, what they care about.')),
    h(
      'div',
      { class: 'grid' },
      field('Job titles', titles, `${hint} Give titles or skills, so discovery has something to search for.`),
      field('Skills', skills, hint),
      field('Industries', industries, hint),
      field('Locations', locations, hint),
    ),
    h('div', { class: 'grid' }, seniority, sizes),
    h('div', { class: 'actions' }, submit, cancel),
    area,
  );

  const checked = (fieldset: HTMLFieldSetElement) =>
    [...fieldset.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => i.value);
  const check = (fieldset: HTMLFieldSetElement, values: string[]) =>
    fieldset.querySelectorAll<HTMLInputElement>('input').forEach((i) => (i.checked = values.includes(i.value)));

  function reset(): void {
    editing = null;
    form.reset();
    clearErrors(area, form);
    heading.textContent = 'New ICP';
    submit.textContent = 'Create ICP';
    cancel.hidden = true;
  }

  function edit(icp: Icp): void {
    editing = icp;
    clearErrors(area, form);
    heading.textContent = `Edit “${icp.name}” (saves version ${icp.version + 1})`;
    submit.textContent = `Save version ${icp.version + 1}`;
    cancel.hidden = false;
    name.value = icp.name;
    persona.value = icp.persona;
    titles.value = icp.criteria.titles.join('\n');
    skills.value = icp.criteria.skills.join('\n');
    industries.value = icp.criteria.industries.join('\n');
    locations.value = icp.criteria.locations.join('\n');
    check(seniority, icp.criteria.seniorities);
    check(sizes, icp.criteria.companySizes);
    form.scrollIntoView({ block: 'start' });
    name.focus();
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(area, form);
    const body = {
      name: name.value,
      persona: persona.value,
      criteria: {
        titles: lines(titles.value),
        skills: lines(skills.value),
        industries: lines(industries.value),
        locations: lines(locations.value),
        seniorities: checked(seniority),
        companySizes: checked(sizes),
      },
    };
    submit.disabled = true;
    try {
      const was = editing;
      const icp = was ? await send<Icp>('PUT', `/api/v1/icps/${was.id}`, body) : await send<Icp>('POST', '/api/v1/icps', body);
      reset();
      ok(area, was ? `Saved “${icp.name}” as version ${icp.version}.` : `Created “${icp.name}”. `, was ? null : h('a', { href: `/campaigns?icp=${icp.id}` }, 'Start a campaign with it'));
      saved();
    } catch (e) {
      showError(area, e, form);
    } finally {
      submit.disabled = false;
    }
  });

  reset();
  return { element: form, edit };
}
